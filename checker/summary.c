#include "summary.h"

#include <stdlib.h>
#include <string.h>

struct fc_tu *fc_tu_new(const char *path) {
  struct fc_tu *tu = fc_xcalloc(1, sizeof *tu);
  tu->path = fc_xstrdup(path);
  fc_strtab_init(&tu->strs);
  return tu;
}

void fc_tu_free(struct fc_tu *tu) {
  if (!tu)
    return;
  free(tu->path);
  fc_strtab_free(&tu->strs);
  fc_vec_free(&tu->funcs);
  fc_vec_free(&tu->blocks);
  fc_vec_free(&tu->edges);
  fc_vec_free(&tu->events);
  fc_vec_free(&tu->callees);
  fc_vec_free(&tu->args);
  fc_vec_free(&tu->var_flags);
  fc_vec_free(&tu->addr_taken);
  for (size_t i = 0; i < tu->errors.n; i++)
    free(tu->errors.v[i]);
  fc_vec_free(&tu->errors);
  free(tu);
}

void fc_tu_add_error(struct fc_tu *tu, const char *msg) {
  fc_vec_push(&tu->errors, fc_xstrdup(msg));
}

static const char *const test_names[] = {"", "==", "!=", "<", ">", "<=", ">=", "default"};

void fc_tu_dump(const struct fc_tu *tu, FILE *out) {
  for (size_t f = 0; f < tu->funcs.n; f++) {
    const struct fc_function *fn = &tu->funcs.v[f];
    fprintf(out, "function %s%s%s\n", fc_str(&tu->strs, fn->name),
            fn->flags & FC_FN_MAIN ? " main" : "",
            fn->flags & FC_FN_NORETURN ? " noreturn" : "");
    for (uint32_t b = 0; b < fn->block_count; b++) {
      const struct fc_block *blk = fc_fn_block(tu, fn, b);
      fprintf(out, "  B%u%s\n", b, b == FC_ENTRY ? " (entry)" : b == FC_EXIT ? " (exit)" : "");
      for (uint32_t e = 0; e < blk->ev_count; e++) {
        const struct fc_event *ev = &tu->events.v[blk->ev_first + e];
        fprintf(out, "    %u: ", ev->loc.line);
        switch (ev->kind) {
        case FC_EV_CALL:
          fprintf(out, "call %s",
                  ev->callee < 0 ? "<indirect>"
                                 : fc_str(&tu->strs, tu->callees.v[ev->callee].name));
          if (ev->var >= 0)
            fprintf(out, " -> v%d", ev->var);
          break;
        case FC_EV_ASSIGN:
          fprintf(out, "assign v%d", ev->var);
          break;
        case FC_EV_RETURN:
          fprintf(out, "return");
          if (ev->var >= 0)
            fprintf(out, " v%d", ev->var);
          break;
        case FC_EV_STORE:
          fprintf(out, "store");
          if (ev->var >= 0)
            fprintf(out, " v%d", ev->var);
          break;
        }
        for (uint16_t a = 0; a < ev->n_args; a++) {
          const struct fc_arg *arg = &tu->args.v[ev->args + a];
          switch (arg->kind) {
          case FC_ARG_VAR: fprintf(out, a ? ", v%d" : " (v%d", arg->var); break;
          case FC_ARG_NEG_VAR: fprintf(out, a ? ", -v%d" : " (-v%d", arg->var); break;
          case FC_ARG_CONST: fprintf(out, a ? ", %lld" : " (%lld", (long long)arg->value); break;
          case FC_ARG_FUNC:
            fprintf(out, a ? ", &%s" : " (&%s",
                    fc_str(&tu->strs, tu->callees.v[arg->value].name));
            break;
          default: fputs(a ? ", ?" : " (?", out); break;
          }
          if (a + 1 == ev->n_args)
            fputc(')', out);
        }
        fputc('\n', out);
      }
      for (uint32_t e = 0; e < blk->edge_count; e++) {
        const struct fc_edge *ed = &tu->edges.v[blk->edge_first + e];
        if (ed->test == FC_T_ALWAYS)
          fprintf(out, "    -> B%u\n", ed->target);
        else
          fprintf(out, "    -> B%u if v%d %s %lld\n", ed->target, ed->var,
                  test_names[ed->test], (long long)ed->value);
      }
    }
  }
}
