/* Each rule's page, docs/rules/<id>.md, embedded at build time. */
#ifndef FORKCHECK_RULEDOCS_H
#define FORKCHECK_RULEDOCS_H

struct fc_rule_doc {
  const char *id, *markdown;
};
extern const struct fc_rule_doc fc_rule_docs[];
extern const unsigned fc_rule_doc_count;

/* The page of rule `id`, or NULL. */
const char *fc_rule_doc(const char *id);

#endif
