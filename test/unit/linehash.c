/*
 * GitHub's line hashes on the inputs of its upload action's own tests
 * (codeql-action, src/fingerprints.test.ts), line endings and repeated
 * lines included. Prints "N passed, M failed".
 */
#include <stdio.h>
#include <string.h>

#include "linehash.h"

struct vector {
  const char *text;
  const char *hashes[12];
};

static const struct vector vectors[] = {
    {"", {"c129715d7a2bc9a3:1"}},
    {" a\nb\n  \t\tc\n d",
     {"271789c17abda88f:1", "54703d4cd895b18:1", "180aee12dab6264:1", "a23a3dc5e078b07b:1"}},
    {" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End",
     {"8b7cf3e952e7aeb2:1", "b1ae1287ec4718d9:1", "bff680108adb0fcc:1", "c6805c5e1288b612:1",
      "b86d3392aea1be30:1", "e6ceba753e1a442:1"}},
    {" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n",
     {"e9496ae3ebfced30:1", "fb7c023a8b9ccb3f:1", "ce8ba1a563dcdaca:1", "e20e36e16fcb0cc8:1",
      "b3edc88f2938467e:1", "c8e28b0b4002a3a0:1", "c129715d7a2bc9a3:1"}},
    {" hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r",
     {"e9496ae3ebfced30:1", "fb7c023a8b9ccb3f:1", "ce8ba1a563dcdaca:1", "e20e36e16fcb0cc8:1",
      "b3edc88f2938467e:1", "c8e28b0b4002a3a0:1", "c129715d7a2bc9a3:1"}},
    {" hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n",
     {"e9496ae3ebfced30:1", "fb7c023a8b9ccb3f:1", "ce8ba1a563dcdaca:1", "e20e36e16fcb0cc8:1",
      "b3edc88f2938467e:1", "c8e28b0b4002a3a0:1", "c129715d7a2bc9a3:1"}},
    {" hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n",
     {"e9496ae3ebfced30:1", "fb7c023a8b9ccb3f:1", "ce8ba1a563dcdaca:1", "e20e36e16fcb0cc8:1",
      "b3edc88f2938467e:1", "c8e28b0b4002a3a0:1", "c129715d7a2bc9a3:1"}},
    {"Lorem ipsum dolor sit amet.\nLorem ipsum dolor sit amet.\nLorem ipsum dolor sit amet.\n"
     "Lorem ipsum dolor sit amet.\nLorem ipsum dolor sit amet.\nLorem ipsum dolor sit amet.\n"
     "Lorem ipsum dolor sit amet.\nLorem ipsum dolor sit amet.\nLorem ipsum dolor sit amet.\n"
     "Lorem ipsum dolor sit amet.\n",
     {"a7f2ff13bc495cf2:1", "a7f2ff13bc495cf2:2", "a7f2ff13bc495cf2:3", "a7f2ff13bc495cf2:4",
      "a7f2ff13bc495cf2:5", "a7f2ff13bc495cf2:6", "a7f2ff1481e87703:1", "a9cf91f7bbf1862b:1",
      "55ec222b86bcae53:1", "cc97dc7b1d7d8f7b:1", "c129715d7a2bc9a3:1"}},
};

int main(void) {
  unsigned passed = 0, failed = 0;
  for (size_t v = 0; v < sizeof vectors / sizeof vectors[0]; v++) {
    unsigned n, want = 0;
    while (want < 12 && vectors[v].hashes[want])
      want++;
    char **got = fc_line_hashes(vectors[v].text, strlen(vectors[v].text), &n);
    int ok = n == want;
    for (unsigned i = 0; ok && i < n; i++)
      ok = strcmp(got[i], vectors[v].hashes[i]) == 0;
    if (!ok) {
      printf("vector %zu: got %u hashes:", v, n);
      for (unsigned i = 0; i < n; i++)
        printf(" %s", got[i]);
      printf("\n");
    }
    ok ? passed++ : failed++;
    fc_line_hashes_free(got, n);
  }
  printf("%u passed, %u failed\n", passed, failed);
  return failed != 0;
}
