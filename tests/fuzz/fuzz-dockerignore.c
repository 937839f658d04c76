/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "berth-dockerignore.h"

/* libFuzzer target for the .dockerignore reader and matcher: the input up to
 * the first NUL is the file, each line after it a path to match. Nothing
 * may crash, leak or read out of bounds, and matching must stay fast (the
 * matcher never backtracks). */

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  const char *text = (const char *) data;
  const char *nul = memchr (data, '\0', size);
  gsize patterns_length = nul ? (gsize) (nul - text) : size;
  g_autoptr (BerthDockerignore) ignore = NULL;
  g_auto (GStrv) patterns = NULL;
  g_auto (GStrv) paths = NULL;
  g_autofree char *rest = NULL;

  patterns = berth_dockerignore_parse (text, patterns_length);
  ignore = berth_dockerignore_new ((const char * const *) patterns, NULL);
  if (ignore == NULL)
    return 0;

  rest = nul ? g_strndup (nul + 1, size - patterns_length - 1) : g_strdup ("");
  paths = g_strsplit (rest, "\n", 64);
  for (guint i = 0; paths[i] != NULL; i++)
    {
      gboolean excluded = berth_dockerignore_excludes (ignore, paths[i]);

      /* An excluded directory is entered only for a named exception. */
      if (berth_dockerignore_must_enter (ignore, paths[i]))
        g_assert (berth_dockerignore_has_exceptions (ignore));

      berth_dockerignore_keep (ignore, paths[i]);
      if (excluded)
        {
          g_autofree char *clean = berth_clean_path (paths[i]);

          /* Keeping a path makes it sent (docker's rule for the Dockerfile). */
          if (strchr (clean, '\n') == NULL)
            g_assert (!berth_dockerignore_excludes (ignore, paths[i]));
        }
    }

  return 0;
}
