#!/usr/bin/env bash
# Posts a Markdown file as a pull-request comment, or updates the comment posted before: the
# file's first line is a hidden marker (`tollgate policy check --format markdown` writes one per
# plan) and the first comment starting with it is edited in place, so a pull request keeps one
# comment per plan however often it is pushed.
#   github-pr-comment.sh BODY.md
# Needs: GITHUB_TOKEN, GITHUB_REPOSITORY (owner/name), PR_NUMBER; GITHUB_API_URL (GitHub sets it).
# Uses curl and jq only.
set -euo pipefail
BODY_FILE="$1"
API="${GITHUB_API_URL:-https://api.github.com}"
: "${GITHUB_TOKEN:?GITHUB_TOKEN is not set}" "${GITHUB_REPOSITORY:?GITHUB_REPOSITORY is not set}" "${PR_NUMBER:?PR_NUMBER is not set}"
MARKER="$(head -n 1 "$BODY_FILE")"
case "$MARKER" in
  "<!-- tollgate-policy-check"*) ;;
  *) echo "$BODY_FILE does not start with the tollgate-policy-check marker; refusing to post" >&2; exit 2 ;;
esac

api() {
  curl --silent --show-error --fail-with-body --max-time 30 \
    -H "Authorization: Bearer $GITHUB_TOKEN" -H "Accept: application/vnd.github+json" -H "X-GitHub-Api-Version: 2022-11-28" "$@"
}

existing=""
page=1
while [ -z "$existing" ]; do
  comments="$(api "$API/repos/$GITHUB_REPOSITORY/issues/$PR_NUMBER/comments?per_page=100&page=$page")"
  [ "$(jq 'length' <<<"$comments")" -eq 0 ] && break
  existing="$(jq -r --arg m "$MARKER" '[.[] | select(.body | startswith($m))][0].id // empty' <<<"$comments")"
  page=$((page + 1))
done

payload="$(jq -Rs '{body: .}' <"$BODY_FILE")"
if [ -n "$existing" ]; then
  api -X PATCH "$API/repos/$GITHUB_REPOSITORY/issues/comments/$existing" -d "$payload" >/dev/null
  echo "updated comment $existing on #$PR_NUMBER" >&2
else
  api -X POST "$API/repos/$GITHUB_REPOSITORY/issues/$PR_NUMBER/comments" -d "$payload" >/dev/null
  echo "posted a comment on #$PR_NUMBER" >&2
fi
