/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "berth-engine-error.h"
#include "berth-shell.h"
#include "berth-test-util.h"

static void
test_quote (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "web", "web" },
    { "nginx:latest", "nginx:latest" },
    { "8080:80/tcp", "8080:80/tcp" },
    { "KEY=value", "KEY=value" },
    { "", "''" },
    { "my app", "'my app'" },
    { "it's", "'it'\\''s'" },
    { "$HOME", "'$HOME'" },
    { "Hello, Docker!", "'Hello, Docker!'" },
    { "a\"b", "'a\"b'" },
    { "~/data", "'~/data'" },
    { "*", "'*'" },
    { "line\nbreak", "'line\nbreak'" },
    { "名字", "'名字'" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *quoted = berth_shell_quote (cases[i].in);
      g_assert_cmpstr (quoted, ==, cases[i].out);
    }
}

static void
test_join (void)
{
  const char *argv[] = { "docker", "volume", "rm", "my data", "it's", NULL };
  g_autofree char *line = berth_shell_join (argv);

  g_assert_cmpstr (line, ==, "docker volume rm 'my data' 'it'\\''s'");
}

static void
assert_split (const char  *line,
              const char **expected)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) argv = NULL;

  g_assert_true (berth_shell_split (line, &argv, &error));
  g_assert_no_error (error);
  g_assert_cmpstrv (argv, expected);
}

static void
test_split (void)
{
  assert_split ("docker run -d -p 8080:80 nginx",
                (const char *[]) { "docker", "run", "-d", "-p", "8080:80", "nginx", NULL });
  assert_split ("docker run --rm busybox echo \"Hello, Docker!\"",
                (const char *[]) { "docker", "run", "--rm", "busybox", "echo", "Hello, Docker!", NULL });
  assert_split ("echo 'single $quoted' \"dq \\\"esc\\\" \\\\ \\$\" plain\\ space",
                (const char *[]) { "echo", "single $quoted", "dq \"esc\" \\ $", "plain space", NULL });
  assert_split ("docker run \\\n  -d \\\n  nginx",
                (const char *[]) { "docker", "run", "-d", "nginx", NULL });
  assert_split ("a''b \"\" ''", (const char *[]) { "ab", "", "", NULL });
  assert_split ("  spaced\t\ttabs  ", (const char *[]) { "spaced", "tabs", NULL });
  assert_split ("run x # a comment", (const char *[]) { "run", "x", NULL });
  assert_split ("price=5$ a#b", (const char *[]) { "price=5$", "a#b", NULL });
  assert_split ("", (const char *[]) { NULL });
}

static void
assert_split_fails (const char *line,
                    const char *fragment)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) argv = NULL;

  g_assert_false (berth_shell_split (line, &argv, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, fragment));
  g_assert_null (argv);
}

static void
test_split_errors (void)
{
  assert_split_fails ("echo 'open", "single quote");
  assert_split_fails ("echo \"open", "double quote");
  assert_split_fails ("echo trailing\\", "backslash");
  assert_split_fails ("docker ps | grep x", "|");
  assert_split_fails ("docker run x && echo", "&");
  assert_split_fails ("docker run x > out", ">");
  assert_split_fails ("echo $HOME", "variable");
  assert_split_fails ("echo \"$HOME\"", "variable");
  assert_split_fails ("echo $(date)", "$(");
  assert_split_fails ("echo `date`", "`");
}

/* Whatever the quoting produced, splitting gives the words back. */
static void
test_round_trip (void)
{
  const char *words[] = { "plain", "two words", "it's", "$HOME", "a\"b", "back\\slash",
                          "", "tab\there", "semi;colon", "pipe|", "#hash", NULL };
  g_autofree char *line = berth_shell_join (words);
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) argv = NULL;

  g_assert_true (berth_shell_split (line, &argv, &error));
  g_assert_no_error (error);
  g_assert_cmpstrv (argv, words);
}

int
main (int   argc,
      char *argv[])
{
  berth_test_init (&argc, &argv);

  g_test_add_func ("/shell/quote", test_quote);
  g_test_add_func ("/shell/join", test_join);
  g_test_add_func ("/shell/split", test_split);
  g_test_add_func ("/shell/split-errors", test_split_errors);
  g_test_add_func ("/shell/round-trip", test_round_trip);

  return g_test_run ();
}
