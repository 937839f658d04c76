/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "berth-reference.h"
#include "berth-run-spec.h"
#include "berth-shell.h"

/* libFuzzer target for what users paste and type: a docker run line, a
 * shell command and an image reference. Nothing may crash or leak, and a
 * line that parses must render to a command that parses back to an equal
 * spec, and to an API body (or a clear error). */

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

static void
fuzz_run_line (const char *line)
{
  g_autoptr (BerthRunSpec) spec = NULL;
  g_autoptr (BerthRunSpec) again = NULL;
  g_autoptr (JsonNode) body = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) warnings = NULL;
  g_autofree char *command = NULL;

  spec = berth_run_spec_parse_line (line, &warnings, &error);
  if (spec == NULL)
    {
      g_assert (error != NULL && error->message != NULL);
      return;
    }

  command = berth_run_spec_to_command (spec);
  again = berth_run_spec_parse_line (command, NULL, NULL);
  g_assert (again != NULL);
  g_assert (berth_run_spec_equal (spec, again));

  body = berth_run_spec_to_create_body (spec, "1.41", &error);
  g_assert ((body == NULL) == (error != NULL));
}

static void
fuzz_shell (const char *line)
{
  g_auto (GStrv) argv = NULL;
  g_auto (GStrv) again = NULL;
  g_autofree char *joined = NULL;

  if (!berth_shell_split (line, &argv, NULL))
    return;

  /* Quoting what was split gives the same words back. */
  joined = berth_shell_join ((const char * const *) argv);
  g_assert (berth_shell_split (joined, &again, NULL));
  g_assert (g_strv_equal ((const char * const *) argv, (const char * const *) again));
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = NULL;
  g_autoptr (BerthReference) reference = NULL;

  if (size > 4096 || !g_utf8_validate ((const char *) data, size, NULL))
    return 0;

  text = g_strndup ((const char *) data, size);
  if (strlen (text) != size)
    return 0;

  fuzz_run_line (text);
  fuzz_shell (text);
  reference = berth_reference_parse (text, NULL);
  if (reference != NULL)
    g_assert (berth_reference_to_string (reference) != NULL);

  return 0;
}
