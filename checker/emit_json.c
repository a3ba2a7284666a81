/* JSON: {"version": 1, "findings": [...]}, through json-c. A note that is a
 * hop of a call chain says which of the finding's chains ("chain": 0, 1, ...). */
#include "diag.h"

#include <json-c/json.h>

static json_object *where(const char *file, unsigned line, unsigned col) {
  json_object *o = json_object_new_object();
  json_object_object_add(o, "file", json_object_new_string(file));
  json_object_object_add(o, "line", json_object_new_int((int)line));
  json_object_object_add(o, "column", json_object_new_int((int)col));
  return o;
}

int fc_emit_json(FILE *out, const struct fc_findings *f) {
  json_object *root = json_object_new_object();
  json_object *list = json_object_new_array();
  json_object_object_add(root, "version", json_object_new_int(1));
  for (size_t i = 0; i < f->v.n; i++) {
    const struct fc_finding *x = &f->v.v[i];
    json_object *o = json_object_new_object();
    json_object_object_add(o, "rule", json_object_new_string(x->rule));
    json_object_object_add(o, "severity", json_object_new_string(x->severity));
    json_object *w = where(x->file, x->line, x->col);
    json_object_object_foreach(w, key, val) {
      json_object_object_add(o, key, json_object_get(val));
    }
    json_object_put(w);
    json_object_object_add(o, "message", json_object_new_string(x->msg));
    json_object *notes = json_object_new_array();
    for (size_t n = 0; n < x->notes.n; n++) {
      const struct fc_note *y = &x->notes.v[n];
      json_object *no = where(y->file, y->line, y->col);
      json_object_object_add(no, "message", json_object_new_string(y->msg));
      if (y->role == FC_NOTE_STEP)
        json_object_object_add(no, "chain", json_object_new_int((int)y->chain));
      json_object_array_add(notes, no);
    }
    json_object_object_add(o, "notes", notes);
    if (x->fixits.n) {
      json_object *fixes = json_object_new_array();
      for (size_t k = 0; k < x->fixits.n; k++) {
        const struct fc_fixit *fx = &x->fixits.v[k];
        json_object *r = where(fx->file, fx->line, fx->col);
        json_object_object_add(r, "end_line", json_object_new_int((int)fx->end_line));
        json_object_object_add(r, "end_column", json_object_new_int((int)fx->end_col));
        json_object_object_add(r, "text", json_object_new_string(fx->text));
        json_object_array_add(fixes, r);
      }
      json_object_object_add(o, "replacements", fixes);
    }
    if (x->suppressed)
      json_object_object_add(o, "suppressed", json_object_new_boolean(1));
    json_object_array_add(list, o);
  }
  json_object_object_add(root, "findings", list);
  int flags = JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE;
  int ok = fputs(json_object_to_json_string_ext(root, flags), out) >= 0 && fputc('\n', out) != EOF;
  json_object_put(root);
  return ok ? 0 : -1;
}
