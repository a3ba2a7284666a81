/* The table of the rules the engine runs: one line each in rules.def. */
#include "rules.h"

const struct fc_rule_info fc_rules[] = {
#define FC_RULE(fn, id, summary) {id, summary, fn, &fn##_reads},
#include "rules.def"
#undef FC_RULE
};
const unsigned fc_rule_count = sizeof fc_rules / sizeof fc_rules[0];
