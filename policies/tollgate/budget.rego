# Tollgate's budget rule over a Terraform plan, in Rego: the monthly cost the plan adds may not
# exceed planCheck.maxMonthlyIncreaseUsd. Prices come from Tollgate's catalogs: `tollgate policy
# check` passes the priced changes as data.tollgate.costs (address, actions, beforeMonthlyUsd,
# afterMonthlyUsd, deltaMonthlyUsd), so a rule here can also cap one resource or one team.
package tollgate.budget

import rego.v1

# METADATA
# title: budget
# description: the plan's total monthly delta stays within the policy's limit
deny contains violation if {
	total > limit
	violation := {
		"address": "(plan)",
		"rule": "budget",
		"msg": sprintf("the plan adds $%v/month, over the $%v/month limit (planCheck.maxMonthlyIncreaseUsd)", [total, limit]),
	}
}

total := round(sum([cost.deltaMonthlyUsd | some cost in data.tollgate.costs]) * 100) / 100

limit := data.tollgate.policy.max_monthly_increase_usd
