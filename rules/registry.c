/* The table of the rules the engine runs: one line each in rules.def. */
#include "rules.h"

#define FC_RULE(fn, id, summary) const char fn##_id[] = id;
#include "rules.def"
#undef FC_RULE

const struct fc_rule_info fc_rules[] = {
#define FC_RULE(fn, id, summary) {fn##_id, summary, fn, &fn##_reads},
#include "rules.def"
#undef FC_RULE
};
const unsigned fc_rule_count = sizeof fc_rules / sizeof fc_rules[0];
