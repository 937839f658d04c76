/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "berth-test-util.h"

/* The real program, launched as a user launches it: the containers are
 * read while GTK starts (BerthPreload), and the first frame shows all of
 * them. Its trace marks (BERTH_TRACE=1) say what happened. */

typedef struct
{
  guint     n_containers;
  gboolean  preloaded;
  gboolean  first_frame;
  guint     frame_containers;
} Launch;

static guint
count_containers (void)
{
  g_autofree char *ids = berth_test_docker_ok ("ps", "-aq", "--no-trunc", NULL);
  g_auto (GStrv) lines = g_strsplit (ids, "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    n += *lines[i] != '\0';
  return n;
}

static void
launch (const char * const  *args,
        const char          *docker_host,
        Launch              *out)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_auto (GStrv) envp = g_get_environ ();
  g_autofree char *err = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *loaded = NULL;
  int status = 0;

  g_ptr_array_add (argv, (char *) g_getenv ("BERTH_BINARY"));
  g_ptr_array_add (argv, (char *) "--quit-after-first-load");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  envp = g_environ_setenv (envp, "BERTH_TRACE", "1", TRUE);
  envp = g_environ_setenv (envp, "G_DEBUG", "fatal-criticals", TRUE);
  if (docker_host != NULL)
    envp = g_environ_setenv (envp, "DOCKER_HOST", docker_host, TRUE);

  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);

  memset (out, 0, sizeof *out);
  loaded = g_strdup_printf (" list-loaded containers %u preloaded", out->n_containers = count_containers ());
  lines = g_strsplit (err, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *frame;

      if (!g_str_has_prefix (lines[i], "BERTH_TRACE "))
        continue;
      if (g_str_has_suffix (lines[i], loaded))
        out->preloaded = TRUE;
      /* The first frame shows the list, not the connecting page. */
      if ((frame = strstr (lines[i], " first-frame showing main, containers ")) != NULL)
        {
          out->first_frame = TRUE;
          out->frame_containers = atoi (frame + strlen (" first-frame showing main, containers "));
        }
    }
  g_test_message ("%s", err);
}

static void
check (const char * const *args,
       const char         *docker_host)
{
  g_autofree char *name = berth_test_unique_name ("launch");
  g_autofree char *id = NULL;
  Launch result;

  /* At least one container, so "all of them" is not "none". */
  id = berth_test_docker_ok ("create", "--name", name, berth_test_image (), "true", NULL);
  launch (args, docker_host, &result);
  g_free (berth_test_docker_ok ("rm", name, NULL));

  g_assert_cmpuint (result.n_containers, >=, 1);
  g_assert_true (result.preloaded);
  g_assert_true (result.first_frame);
  g_assert_cmpuint (result.frame_containers, ==, result.n_containers);
}

static void
test_launch_engine_option (void)
{
  g_autoptr (BerthEndpoint) endpoint = berth_test_get_endpoint ();

  if (endpoint == NULL)
    return;

  check ((const char * const[]) { "--engine", berth_endpoint_get_address (endpoint), NULL }, NULL);
}

/* No option: the engine the docker CLI would use, here named by
 * DOCKER_HOST (the test engine). */
static void
test_launch_discovered (void)
{
  g_autoptr (BerthEndpoint) endpoint = berth_test_get_endpoint ();

  if (endpoint == NULL)
    return;

  check ((const char * const[]) { NULL }, berth_endpoint_get_address (endpoint));
}

int
main (int   argc,
      char *argv[])
{
  berth_test_init_full (&argc, &argv, FALSE);

  g_test_add_func ("/launch/engine-option", test_launch_engine_option);
  g_test_add_func ("/launch/discovered", test_launch_discovered);

  return g_test_run ();
}
