/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "berth-dockerignore.h"
#include "berth-engine-error.h"
#include "berth-test-util.h"

/* The expected answers are docker's (moby/patternmatcher's
 * MatchesOrParentMatches, as `docker build` uses it), quirks included. */

typedef struct
{
  const char *patterns;   /* .dockerignore text */
  const char *path;
  gboolean    excluded;
} Case;

static const Case cases[] = {
  /* Plain names, and a directory excludes what it holds. */
  { "README.md", "README.md", TRUE },
  { "README.md", "docs/README.md", FALSE },
  { "docs", "docs", TRUE },
  { "docs", "docs/guide/intro.md", TRUE },
  { "docs/", "docs/intro.md", TRUE },
  { "docs", "docsite/index.html", FALSE },
  { "node_modules", "node_modules/left-pad/index.js", TRUE },

  /* A leading "/" means the context root; "./" and "a/../" are cleaned. */
  { "/secret.txt", "secret.txt", TRUE },
  { "/secret.txt", "sub/secret.txt", FALSE },
  { "./build//out/", "build/out/app", TRUE },
  { "tmp/../cache", "cache/x", TRUE },
  { "tmp/../cache", "tmp/cache", FALSE },

  /* "*" and "?" stay inside one directory level. */
  { "*.log", "app.log", TRUE },
  { "*.log", "logs/app.log", FALSE },
  { "*/*.log", "logs/app.log", TRUE },
  { "*/*.log", "logs/old/app.log", FALSE },
  { "a*", "ab/c", TRUE },
  { "a*/b", "a/c/b", FALSE },
  { "a*b*c*d*e*/f", "axbxcxdxexxx/f", TRUE },
  { "a*b*c*d*e*/f", "axbxcxdxe/xxx/f", FALSE },
  { "file?.txt", "file1.txt", TRUE },
  { "file?.txt", "file10.txt", FALSE },
  { "a?b", "a/b", FALSE },
  { "a?b", "a\xE2\x98\xBA" "b", TRUE },
  { "*", "anything", TRUE },
  { "*", "dir/file", TRUE },
  { ".*", ".env", TRUE },
  { ".*", "env", FALSE },
  { "abc.def", "abcXdef", FALSE },
  { "a+b(c)|{d}$", "a+b(c)|{d}$", TRUE },

  /* "**" crosses any number of directories, none included. */
  { "**/*.go", "main.go", TRUE },
  { "**/*.go", "cmd/app/main.go", TRUE },
  { "**/*.go", "cmd/app/main.go.txt", FALSE },
  { "**/secret", "secret", TRUE },
  { "**/secret", "a/b/secret", TRUE },
  { "**/secret", "a/b/secret/key.pem", TRUE },
  { "**/secret", "a/notsecret", FALSE },
  { "**/.foo", "bar.foo", FALSE },
  { "**", "any/thing/at/all", TRUE },
  { "dir/**", "dir/a/b", TRUE },
  { "dir/**", "dir", FALSE },
  { "**/dir2/*", "dir/dir2/file", TRUE },
  { "**/dir2/**", "dir/dir2/dir3/file", TRUE },
  { "a**/*.txt", "a/dir/dir/file.txt", TRUE },
  { "a/*.txt**", "a/file.txt", TRUE },
  { "**/**/*.txt2", "dir/dir/file.txt", FALSE },
  { "src/**/test", "src/test", TRUE },
  { "src/**/test", "src/a/b/test/x.c", TRUE },
  { "src/**/test", "lib/a/test", FALSE },
  /* docker's quirk: "**" + "file" is a plain suffix, so "myfile" matches. */
  { "**file", "dir/myfile", TRUE },

  /* Character classes. */
  { "a[b-d]e", "ace", TRUE },
  { "a[b-d]e", "aae", FALSE },
  { "a[^b-d]e", "aze", TRUE },
  { "a[^b-d]e", "ace", FALSE },
  { "[\\]a]", "]", TRUE },
  { "[x\\-]", "-", TRUE },
  { "[x\\-]", "z", FALSE },
  { "a\\*b", "a*b", TRUE },
  { "a\\*b", "axb", FALSE },

  /* Exceptions, and later patterns override earlier ones. */
  { "*.md\n!README.md", "README.md", FALSE },
  { "*.md\n!README.md", "CHANGES.md", TRUE },
  { "!README.md\n*.md", "README.md", TRUE },
  { "docs\n!docs/README.md", "docs/README.md", FALSE },
  { "docs\n!docs/README.md", "docs/other.md", TRUE },
  { "docs/*\n!docs/README.md", "docs/README.md", FALSE },
  { "**\n!src", "src/main.c", FALSE },
  { "**\n!src", "Makefile", TRUE },
  { "**\n!src\nsrc/gen", "src/gen/parser.c", TRUE },
  { "**\n!util/docker/web", "util/docker/web/foo", FALSE },
  { "*.log\n!keep.log\nkeep.log", "keep.log", TRUE },
  { "!*.md", "a.md", FALSE },

  /* Comments, blanks, spaces, a byte order mark. */
  { "# comment\n\n   \n*.tmp", "a.tmp", TRUE },
  { "#*.tmp", "a.tmp", FALSE },
  { " # not a comment", "# not a comment", TRUE },
  { "  *.tmp  \r\n", "b.tmp", TRUE },
  { "\xEF\xBB\xBF" "*.bak", "x.bak", TRUE },
  { "*.bak\n!  /x.bak", "x.bak", FALSE },

  /* The context itself is never excluded. */
  { "*", ".", FALSE },
  { "**", "", FALSE },
};

static void
test_table (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (BerthDockerignore) ignore = NULL;
      gboolean excluded;

      ignore = berth_dockerignore_new_from_data (cases[i].patterns, -1, &error);
      g_assert_no_error (error);
      g_assert_nonnull (ignore);

      excluded = berth_dockerignore_excludes (ignore, cases[i].path);
      if (excluded != cases[i].excluded)
        g_error ("patterns “%s”, path “%s”: expected %s, got %s",
                 g_strescape (cases[i].patterns, NULL), cases[i].path,
                 cases[i].excluded ? "excluded" : "sent",
                 excluded ? "excluded" : "sent");
    }
}

static void
test_parse (void)
{
  g_auto (GStrv) patterns = NULL;
  const char *text =
    "\xEF\xBB\xBF# build output\n"
    "/dist/\n"
    "  !  /dist/keep.txt  \n"
    "\n"
    "**/*.pyc\r\n"
    "a/./b/../c\n"
    "/\n";
  const char *expected[] = { "dist", "!dist/keep.txt", "**/*.pyc", "a/c", "/", NULL };

  patterns = berth_dockerignore_parse (text, -1);
  g_assert_cmpstrv (patterns, expected);
}

static void
test_bad_patterns (void)
{
  const char *bad[] = { "!", "[", "a[", "[^bc", "[]a]", "[-x]", "[x-]", "[a-b-c]", "x\\" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      const char *patterns[] = { "ok", bad[i], NULL };
      g_autoptr (GError) error = NULL;
      g_autoptr (BerthDockerignore) ignore = NULL;

      ignore = berth_dockerignore_new (patterns, &error);
      g_assert_null (ignore);
      g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, ".dockerignore"));
    }
}

static void
test_must_enter (void)
{
  g_autoptr (BerthDockerignore) plain = NULL;
  g_autoptr (BerthDockerignore) ignore = NULL;

  plain = berth_dockerignore_new_from_data ("docs", -1, NULL);
  g_assert_false (berth_dockerignore_has_exceptions (plain));
  g_assert_false (berth_dockerignore_must_enter (plain, "docs"));

  ignore = berth_dockerignore_new_from_data ("docs\n!docs/api/index.md\n!*/keep.txt", -1, NULL);
  g_assert_true (berth_dockerignore_has_exceptions (ignore));
  g_assert_true (berth_dockerignore_excludes (ignore, "docs"));
  g_assert_true (berth_dockerignore_must_enter (ignore, "docs"));
  g_assert_true (berth_dockerignore_must_enter (ignore, "docs/api"));
  g_assert_false (berth_dockerignore_must_enter (ignore, "docs/guide"));
  /* A wildcard exception does not reach into an excluded directory. */
  g_assert_false (berth_dockerignore_must_enter (ignore, "other"));
  g_assert_false (berth_dockerignore_excludes (ignore, "docs/api/index.md"));
}

static void
test_keep (void)
{
  g_autoptr (BerthDockerignore) ignore = NULL;

  ignore = berth_dockerignore_new_from_data ("*\n!src", -1, NULL);
  g_assert_cmpuint (berth_dockerignore_get_n_patterns (ignore), ==, 2);
  g_assert_true (berth_dockerignore_excludes (ignore, "Dockerfile"));
  g_assert_true (berth_dockerignore_excludes (ignore, ".dockerignore"));
  g_assert_true (berth_dockerignore_excludes (ignore, "build/Dockerfile.[dev]"));

  berth_dockerignore_keep (ignore, "Dockerfile");
  berth_dockerignore_keep (ignore, ".dockerignore");
  berth_dockerignore_keep (ignore, "build/Dockerfile.[dev]");
  berth_dockerignore_keep (ignore, "src/main.c"); /* not excluded: no pattern added */
  g_assert_cmpuint (berth_dockerignore_get_n_patterns (ignore), ==, 5);

  g_assert_false (berth_dockerignore_excludes (ignore, "Dockerfile"));
  g_assert_false (berth_dockerignore_excludes (ignore, ".dockerignore"));
  g_assert_false (berth_dockerignore_excludes (ignore, "build/Dockerfile.[dev]"));
  g_assert_true (berth_dockerignore_excludes (ignore, "build/Dockerfile.d"));
  g_assert_true (berth_dockerignore_must_enter (ignore, "build"));
  g_assert_true (berth_dockerignore_excludes (ignore, "README"));
}

static void
test_clean_path (void)
{
  static const char *cases_[][2] = {
    { "", "." },
    { ".", "." },
    { "a/b/", "a/b" },
    { "a//b", "a/b" },
    { "./a/./b", "a/b" },
    { "a/../b", "b" },
    { "a/../..", ".." },
    { "../../x", "../../x" },
    { "/../a", "/a" },
    { "/", "/" },
    { "//", "/" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases_); i++)
    {
      g_autofree char *clean = berth_clean_path (cases_[i][0]);

      g_assert_cmpstr (clean, ==, cases_[i][1]);
    }
}

/* Many stars against a long path: the automaton stays linear. */
static void
test_no_blowup (void)
{
  g_autoptr (BerthDockerignore) ignore = NULL;
  g_autoptr (GString) path = g_string_new (NULL);
  gint64 start;

  ignore = berth_dockerignore_new_from_data ("*a*a*a*a*a*a*a*a*a*a*a*a*b\n**/**/**/**/**/**/c", -1, NULL);
  for (guint i = 0; i < 4000; i++)
    g_string_append_c (path, i % 50 == 49 ? '/' : 'a');

  start = g_get_monotonic_time ();
  g_assert_false (berth_dockerignore_excludes (ignore, path->str));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
}

int
main (int   argc,
      char *argv[])
{
  berth_test_init (&argc, &argv);

  g_test_add_func ("/dockerignore/table", test_table);
  g_test_add_func ("/dockerignore/parse", test_parse);
  g_test_add_func ("/dockerignore/bad-patterns", test_bad_patterns);
  g_test_add_func ("/dockerignore/must-enter", test_must_enter);
  g_test_add_func ("/dockerignore/keep", test_keep);
  g_test_add_func ("/dockerignore/clean-path", test_clean_path);
  g_test_add_func ("/dockerignore/no-blowup", test_no_blowup);

  return g_test_run ();
}
