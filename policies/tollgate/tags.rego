# Tollgate's tag rules over a Terraform plan (`terraform show -json PLANFILE`), in Rego:
# the same rules `tollgate policy check` applies in TypeScript (guardrails/plan-check), kept in
# agreement by test/guardrails/rego-agreement.test.ts. Copy this folder to change or extend them,
# and pass it with `tollgate policy check PLAN.json --rego DIR`.
#
# input:                the plan JSON, untouched
# data.tollgate.policy: the policy's tag settings, as `tollgate policy check` passes them:
#   required_tags, aliases (normalized key -> source keys), env_key, exclude_key
package tollgate.tags

import rego.v1

settings := data.tollgate.policy

# METADATA
# title: required-tags
# description: every resource that carries tags (labels on Google) has each required key, under any alias
deny contains violation if {
	some change in changed_resources
	tags := planned_tags(change)
	missing := [key | some key in settings.required_tags; not has_tag(tags, key)]
	count(missing) > 0
	violation := {
		"address": change.address,
		"rule": "required-tags",
		"msg": sprintf("missing required %s: %s (tags.required)", [tag_word(change.type), concat(", ", missing)]),
	}
}

# METADATA
# title: conflicting-tags
# description: no watched key is spelled twice with different values (Env=dev next to env=prod)
deny contains violation if {
	some change in changed_resources
	tags := planned_tags(change)
	some key in watched_keys
	values := {normalize(value) | some source, value in tags; key in keys_of(source)}
	count(values) > 1
	variants := sort([sprintf("%s=%s", [source, trim_space(value)]) | some source, value in tags; key in keys_of(source)])
	violation := {
		"address": change.address,
		"rule": "conflicting-tags",
		"msg": sprintf("conflicting %s for %s: %s; keep one spelling", [tag_word(change.type), key, concat(", ", variants)]),
	}
}

# Resources the plan creates, updates or deletes; a delete has no `after` and so no tags to check.
changed_resources contains change if {
	some change in input.resource_changes
	some action in change.change.actions
	action in {"create", "update", "delete"}
}

# A resource is taggable when its planned values carry the provider's tag field, even as null.
planned_tags(change) := tags if {
	after := change.change.after
	is_object(after)
	fields := tag_fields(change.type)
	some field in fields
	field in object.keys(after)
	tags := merged_tags(after, fields)
}

# AWS merges the provider's default tags (tags_all) under the resource's own.
tag_fields(type) := ["tags_all", "tags"] if startswith(type, "aws_")

tag_fields(type) := ["labels"] if startswith(type, "google_")

tag_fields(type) := ["tags"] if {
	not startswith(type, "aws_")
	not startswith(type, "google_")
}

merged_tags(after, fields) := object.union(strings(object.get(after, fields[0], null)), strings(object.get(after, fields[1], null))) if count(fields) == 2

merged_tags(after, fields) := strings(object.get(after, fields[0], null)) if count(fields) == 1

strings(value) := {key: text | some key, text in value; is_string(text)} if is_object(value)

strings(value) := {} if not is_object(value)

tag_word(type) := "labels" if startswith(type, "google_")

tag_word(type) := "tags" if not startswith(type, "google_")

normalize(text) := lower(trim_space(text))

# The normalized keys a source key stands for: its own, and every key that lists it as an alias.
keys_of(source) := {normalize(source)} | {normalize(key) | some key, sources in settings.aliases; some alias in sources; normalize(alias) == normalize(source)}

has_tag(tags, key) if {
	some source, value in tags
	trim_space(value) != ""
	normalize(key) in keys_of(source)
}

watched_keys := {normalize(key) | some key in array.concat(settings.required_tags, [settings.env_key, settings.exclude_key, "owner", "team"])}
