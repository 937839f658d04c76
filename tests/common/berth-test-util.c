/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <unistd.h>

#include <json-glib/json-glib.h>

#include "berth-test-util.h"

/* Shared by the test programs: the strict environment, the private test
 * engine (never the machine's own), the docker CLI as an oracle. */

gboolean
berth_test_tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/**
 * berth_test_init_full:
 * @isolate: give every test case its own home and XDG directories
 *
 * UI tests pass %FALSE: per-test isolation also hides the system's data
 * directories (icon themes, the MIME database that loads SVG icons); they
 * get one private home for the whole program instead.
 */
void
berth_test_init_full (int       *argc,
                      char    ***argv,
                      gboolean   isolate)
{
  /* Whatever the developer's shell points at, tests never reach it. */
  g_unsetenv ("DOCKER_HOST");
  g_unsetenv ("DOCKER_CONTEXT");
  g_unsetenv ("DOCKER_CONFIG");

  if (!isolate)
    {
      g_autofree char *home = g_dir_make_tmp ("berth-test-home-XXXXXX", NULL);
      g_autofree char *config = g_build_filename (home, ".config", NULL);
      g_autofree char *cache = g_build_filename (home, ".cache", NULL);

      g_setenv ("HOME", home, TRUE);
      g_setenv ("XDG_CONFIG_HOME", config, TRUE);
      g_setenv ("XDG_CACHE_HOME", cache, TRUE);
    }

  g_test_init (argc, argv, isolate ? G_TEST_OPTION_ISOLATE_DIRS : NULL, NULL);
}

void
berth_test_init (int    *argc,
                 char ***argv)
{
  berth_test_init_full (argc, argv, TRUE);
}

static gboolean
engine_required (void)
{
  return g_strcmp0 (g_getenv ("BERTH_REQUIRE_ENGINE"), "1") == 0;
}

/**
 * berth_test_get_endpoint:
 *
 * Returns: (transfer full) (nullable): the private test engine, or %NULL
 *   after marking the test skipped (failing it when BERTH_REQUIRE_ENGINE=1)
 */
BerthEndpoint *
berth_test_get_endpoint (void)
{
  g_autoptr (GError) error = NULL;
  const char *host = g_getenv ("BERTH_TEST_DOCKER_HOST");
  BerthEndpoint *endpoint;

  if (host == NULL || *host == '\0')
    {
      if (engine_required ())
        g_error ("BERTH_REQUIRE_ENGINE=1 but BERTH_TEST_DOCKER_HOST is not set: "
                 "start the test engine with build-aux/test-engine start");
      g_printerr ("\n*** SKIPPING: no test engine (BERTH_TEST_DOCKER_HOST is not set; "
                  "run the tests with build-aux/dev test) ***\n");
      g_test_skip ("no test engine: BERTH_TEST_DOCKER_HOST is not set");
      return NULL;
    }

  endpoint = berth_endpoint_new_for_address (host, &error);
  g_assert_no_error (error);
  return endpoint;
}

void
berth_test_result_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_null (*slot);
  *slot = g_object_ref (result);
}

/* Waits for berth_test_result_cb to fill @slot; returns it, owned. */
GAsyncResult *
berth_test_await (GAsyncResult **slot)
{
  berth_test_wait_until (*slot != NULL, 30000);
  return g_steal_pointer (slot);
}

/**
 * berth_test_connect_engine:
 *
 * Returns: (transfer full): an engine connected to @endpoint
 */
BerthEngine *
berth_test_connect_engine (BerthEndpoint *endpoint)
{
  g_autoptr (BerthEngine) engine = berth_engine_new (endpoint);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  GAsyncResult *slot = NULL;

  berth_engine_connect_async (engine, NULL, berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  g_assert_true (berth_engine_connect_finish (engine, result, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&engine);
}

char *
berth_test_unique_name (const char *prefix)
{
  static guint counter;

  return g_strdup_printf ("berth-test-%s-%d-%u", prefix, (int) getpid (), ++counter);
}

const char *
berth_test_image (void)
{
  const char *image = g_getenv ("BERTH_TEST_IMAGE");

  return image && *image ? image : "berth-test/busybox:latest";
}

static char *
docker_valist (GError     **error,
               const char  *first_arg,
               va_list      args)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *config = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto (GStrv) envp = NULL;
  int status = 0;

  /* A config dir of our own, so the user's credentials and contexts are
   * never read nor written. */
  config = g_build_filename (g_get_tmp_dir (), "berth-test-docker-config", NULL);
  g_mkdir_with_parents (config, 0700);
  envp = g_environ_unsetenv (g_get_environ (), "DOCKER_HOST");
  envp = g_environ_unsetenv (envp, "DOCKER_CONTEXT");

  g_ptr_array_add (argv, (char *) "docker");
  g_ptr_array_add (argv, (char *) "--config");
  g_ptr_array_add (argv, config);
  g_ptr_array_add (argv, (char *) "-H");
  g_ptr_array_add (argv, (char *) g_getenv ("BERTH_TEST_DOCKER_HOST"));
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  g_ptr_array_add (argv, NULL);

  if (!g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_SEARCH_PATH,
                     NULL, NULL, &out, &err, &status, error))
    return NULL;

  if (!g_spawn_check_wait_status (status, error))
    {
      g_prefix_error (error, "docker %s: %s: ", first_arg, g_strstrip (err));
      return NULL;
    }

  return g_strdup (g_strstrip (out));
}

/**
 * berth_test_docker:
 *
 * Runs the real docker CLI against the test engine (no shell involved).
 *
 * Returns: (transfer full): its standard output, stripped
 */
char *
berth_test_docker (GError     **error,
                   const char  *first_arg,
                   ...)
{
  va_list args;
  char *out;

  va_start (args, first_arg);
  out = docker_valist (error, first_arg, args);
  va_end (args);
  return out;
}

/* Same, failing the test if the command fails. */
char *
berth_test_docker_ok (const char *first_arg,
                      ...)
{
  g_autoptr (GError) error = NULL;
  va_list args;
  char *out;

  va_start (args, first_arg);
  out = docker_valist (&error, first_arg, args);
  va_end (args);
  g_assert_no_error (error);
  return out;
}

char *
berth_test_fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", name, NULL);
}

/* Fixtures live in tests/fixtures; G_TEST_SRCDIR points at tests/ itself. */
JsonNode *
berth_test_load_fixture (const char *name)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *path = berth_test_fixture_path (name);

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_parser_steal_root (parser);
}
