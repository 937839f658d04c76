/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <unistd.h>

#include <glib/gstdio.h>

#include "berth-engine-error.h"
#include "berth-run-spec.h"
#include "berth-shell.h"
#include "berth-test-util.h"

/* BerthRunSpec against the private test engine, with the real docker CLI as
 * the oracle: the same line creates one container through the CLI and one
 * through the spec, and what the engine stored for both must be the same. */

#define SET_VARIABLE "BERTH_RUN_SPEC_ENGINE_SET"

typedef struct
{
  BerthEndpoint *endpoint;
  BerthEngine   *engine;
  char          *prefix;      /* unique, for names */
  char          *folder;      /* a folder to bind */
  GPtrArray     *containers;  /* ids and names to remove */
  GPtrArray     *volumes;
  GPtrArray     *networks;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  f->containers = g_ptr_array_new_with_free_func (g_free);
  f->volumes = g_ptr_array_new_with_free_func (g_free);
  f->networks = g_ptr_array_new_with_free_func (g_free);
  f->endpoint = berth_test_get_endpoint ();
  if (f->endpoint == NULL)
    return;

  f->engine = berth_test_connect_engine (f->endpoint);
  f->prefix = berth_test_unique_name ("run");
  f->folder = g_dir_make_tmp ("berth-run-spec-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
remove_all (GPtrArray  *names,
            const char *first,
            const char *second,
            const char *third)
{
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *out = berth_test_docker (NULL, first, second, third, g_ptr_array_index (names, i), NULL);
    }
}

/* Every container a test makes is named after its prefix, so that even
 * one left by a failed step is found and removed. */
static void
remove_named (Fixture *f)
{
  g_autofree char *filter = g_strdup_printf ("name=^%s-", f->prefix);
  g_autofree char *out = berth_test_docker (NULL, "ps", "-a", "-q", "--filter", filter, NULL);
  g_auto (GStrv) ids = g_strsplit (out ? out : "", "\n", -1);

  for (guint i = 0; ids[i] != NULL; i++)
    {
      if (*ids[i] != '\0')
        g_ptr_array_add (f->containers, g_strdup (ids[i]));
    }
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->engine != NULL)
    {
      remove_named (f);
      remove_all (f->containers, "rm", "-f", "-v");
      remove_all (f->volumes, "volume", "rm", "-f");
      remove_all (f->networks, "network", "rm", "--");
    }
  if (f->folder != NULL)
    g_rmdir (f->folder);

  g_clear_object (&f->engine);
  g_clear_object (&f->endpoint);
  g_clear_pointer (&f->containers, g_ptr_array_unref);
  g_clear_pointer (&f->volumes, g_ptr_array_unref);
  g_clear_pointer (&f->networks, g_ptr_array_unref);
  g_free (f->prefix);
  g_free (f->folder);
}

/* The docker CLI with an argument vector, as berth_test_docker() runs it:
 * the test engine only, a config folder of its own. */
static char *
docker_argv (const char * const  *args,
             GError             **error)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *config = g_build_filename (g_get_tmp_dir (), "berth-test-docker-config", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto (GStrv) envp = g_environ_unsetenv (g_get_environ (), "DOCKER_HOST");
  int status = 0;

  envp = g_environ_unsetenv (envp, "DOCKER_CONTEXT");
  g_mkdir_with_parents (config, 0700);
  g_ptr_array_add (argv, (char *) "docker");
  g_ptr_array_add (argv, (char *) "--config");
  g_ptr_array_add (argv, config);
  g_ptr_array_add (argv, (char *) "-H");
  g_ptr_array_add (argv, (char *) g_getenv ("BERTH_TEST_DOCKER_HOST"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  if (!g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_SEARCH_PATH,
                     NULL, NULL, &out, &err, &status, error))
    return NULL;
  if (!g_spawn_check_wait_status (status, error))
    {
      g_prefix_error (error, "docker %s: %s: ", args[0], g_strstrip (err));
      return NULL;
    }
  return g_strdup (g_strstrip (out));
}

static guint
base_port (void)
{
  /* Spread over 20000-49999 so that two runs at once rarely meet. */
  return 20000 + (guint) (getpid () % 3000) * 10;
}

/* @NAME@, @DIR@, @VOL@, @NET@, @IMAGE@ and @Pn@ (ports) in a template. */
static char *
expand (Fixture    *f,
        const char *template,
        const char *suffix)
{
  GString *out = g_string_new (template);
  g_autofree char *name = g_strdup_printf ("%s-%s", f->prefix, suffix);
  g_autofree char *volume = g_strdup_printf ("%s-vol", f->prefix);
  g_autofree char *network = g_strdup_printf ("%s-net", f->prefix);

  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *key = g_strdup_printf ("@P%u@", i);
      g_autofree char *port = g_strdup_printf ("%u", base_port () + i);

      g_string_replace (out, key, port, 0);
    }
  g_string_replace (out, "@NAME@", name, 0);
  g_string_replace (out, "@DIR@", f->folder, 0);
  g_string_replace (out, "@VOL@", volume, 0);
  g_string_replace (out, "@NET@", network, 0);
  g_string_replace (out, "@IMAGE@", berth_test_image (), 0);
  return g_string_free (out, FALSE);
}

static JsonObject *
inspect (const char *id,
         JsonNode  **keep)
{
  g_autofree char *out = berth_test_docker_ok ("container", "inspect", id, NULL);
  g_autoptr (GError) error = NULL;
  JsonNode *node = json_from_string (out, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  *keep = node;
  return json_array_get_object_element (json_node_get_array (node), 0);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The docker CLI of some versions sends Env and Binds in no particular
 * order (it goes through a map); the order means nothing for them. */
static JsonNode *
normalized (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autoptr (GPtrArray) strings = NULL;
  JsonArray *array, *sorted;

  if (node == NULL)
    return json_node_new (JSON_NODE_NULL);
  if ((strcmp (member, "Env") != 0 && strcmp (member, "Binds") != 0) || !JSON_NODE_HOLDS_ARRAY (node))
    return json_node_copy (node);

  array = json_node_get_array (node);
  strings = g_ptr_array_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_ptr_array_add (strings, (gpointer) json_array_get_string_element (array, i));
  g_ptr_array_sort (strings, compare_strings);

  sorted = json_array_new ();
  for (guint i = 0; i < strings->len; i++)
    json_array_add_string_element (sorted, g_ptr_array_index (strings, i));
  return json_node_init_array (json_node_alloc (), sorted);
}

static void
compare_members (JsonObject         *cli,
                 JsonObject         *berth,
                 const char         *section,
                 const char * const *members,
                 const char         *line)
{
  for (guint i = 0; members[i] != NULL; i++)
    {
      g_autoptr (JsonNode) a = normalized (cli, members[i]);
      g_autoptr (JsonNode) b = normalized (berth, members[i]);

      if (!json_node_equal (a, b))
        {
          g_autofree char *ta = json_to_string (a, FALSE);
          g_autofree char *tb = json_to_string (b, FALSE);

          g_test_fail_printf ("%s\n  %s.%s differs:\n    docker CLI: %s\n    Berth:      %s",
                              line, section, members[i], ta, tb);
        }
    }
}

/* The fields the flags Berth supports set. Hostname only when -h is given:
 * otherwise the engine makes it from the (different) container ids. */
static void
compare_containers (const char *cli_id,
                    const char *berth_id,
                    gboolean    hostname,
                    const char *line)
{
  static const char * const config_members[] = {
    "Image", "Cmd", "Entrypoint", "Env", "WorkingDir", "User", "Labels", "Tty", "OpenStdin",
    "StdinOnce", "AttachStdin", "AttachStdout", "AttachStderr", "ExposedPorts", "Volumes", NULL
  };
  static const char * const host_members[] = {
    "PortBindings", "PublishAllPorts", "Binds", "Mounts", "Tmpfs", "RestartPolicy", "AutoRemove",
    "Memory", "MemorySwap", "NanoCpus", "Privileged", "NetworkMode", NULL
  };
  static const char * const hostname_member[] = { "Hostname", NULL };
  g_autoptr (JsonNode) cli_node = NULL;
  g_autoptr (JsonNode) berth_node = NULL;
  JsonObject *cli = inspect (cli_id, &cli_node);
  JsonObject *berth = inspect (berth_id, &berth_node);
  JsonObject *cli_config = json_object_get_object_member (cli, "Config");
  JsonObject *berth_config = json_object_get_object_member (berth, "Config");

  compare_members (cli_config, berth_config, "Config", config_members, line);
  if (hostname)
    compare_members (cli_config, berth_config, "Config", hostname_member, line);
  compare_members (json_object_get_object_member (cli, "HostConfig"),
                   json_object_get_object_member (berth, "HostConfig"),
                   "HostConfig", host_members, line);
}

static char *
create_with_spec (Fixture       *f,
                  BerthRunSpec  *spec,
                  gboolean       start,
                  gboolean      *image_missing,
                  GError       **error)
{
  g_autoptr (GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;
  char *id;

  berth_run_spec_create_async (spec, f->engine, start, NULL, berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  id = berth_run_spec_create_finish (spec, result, image_missing, error);
  if (id != NULL)
    g_ptr_array_add (f->containers, g_strdup (id));
  return id;
}

/* The docker CLI creates (or, with -d, runs: `docker create` has no -d) one
 * container; the spec creates the other, without starting it. */
static void
check_line (Fixture    *f,
            const char *template,
            guint       index)
{
  g_autofree char *cli_line = expand (f, template, "cli");
  g_autofree char *berth_line = expand (f, template, "berth");
  g_autofree char *full_line = g_strconcat ("docker run ", berth_line, NULL);
  g_autoptr (BerthRunSpec) spec = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_auto (GStrv) words = NULL;
  g_autofree char *cli_id = NULL;
  g_autofree char *berth_id = NULL;
  g_autofree char *cli_name = NULL;
  g_autofree char *berth_name = NULL;

  g_test_message ("%s", full_line);
  spec = berth_run_spec_parse_line (full_line, NULL, &error);
  g_assert_no_error (error);

  /* A name for each, so that nothing is left behind whatever happens. */
  if (berth_run_spec_get_name (spec) == NULL)
    {
      cli_name = g_strdup_printf ("%s-cli-%u", f->prefix, index);
      berth_name = g_strdup_printf ("%s-berth-%u", f->prefix, index);
      berth_run_spec_set_name (spec, berth_name);
    }

  g_assert_true (berth_shell_split (cli_line, &words, &error));
  g_ptr_array_add (args, (char *) (berth_run_spec_get_detach (spec) ? "run" : "create"));
  if (cli_name != NULL)
    g_ptr_array_add (args, (char *) "--name");
  if (cli_name != NULL)
    g_ptr_array_add (args, cli_name);
  for (guint i = 0; words[i] != NULL; i++)
    g_ptr_array_add (args, words[i]);
  g_ptr_array_add (args, NULL);

  cli_id = docker_argv ((const char * const *) args->pdata, &error);
  if (cli_id == NULL)
    {
      g_test_fail_printf ("%s: the docker CLI failed: %s", full_line, error->message);
      return;
    }
  g_ptr_array_add (f->containers, g_strdup (cli_id));

  berth_id = create_with_spec (f, spec, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (berth_id);

  compare_containers (cli_id, berth_id, berth_run_spec_get_hostname (spec) != NULL, full_line);
}

static const char * const oracle_lines[] = {
  /* The issue's, with the test image */
  "-d -p @P0@:80 @IMAGE@ sleep 300",
  "-d --name @NAME@ @IMAGE@ sleep 300",
  "-it @IMAGE@ sh",
  "--rm @IMAGE@ echo \"Hello, Docker!\"",
  "-d -e POSTGRES_PASSWORD=mysecretpassword @IMAGE@ sleep 300",
  /* Ports */
  "-p 127.0.0.1:@P1@:80/udp -p @P2@-@P3@:9000-9001 -p 80 -p 127.0.0.1::81 -p @P4@-@P6@:82 -P @IMAGE@",
  "--publish=@P7@:8080/tcp --publish-all @IMAGE@",
  /* Volumes: -v to Binds (Volumes when anonymous), --mount to Mounts, --tmpfs to Tmpfs */
  "-v @DIR@:/data -v @DIR@:/ro:ro -v @VOL@:/vol -v /anon @IMAGE@",
  "--mount type=bind,source=@DIR@,target=/b,readonly --mount type=volume,src=@VOL@,dst=/v "
  "--mount type=volume,target=/anon --mount type=tmpfs,destination=/t @IMAGE@",
  "--tmpfs /run --tmpfs /ro:ro @IMAGE@",
  /* Environment */
  "-e A=1 -e EMPTY= -e 'B=two words' --env C=3 -e " SET_VARIABLE " @IMAGE@",
  /* Everything else */
  "--restart on-failure:3 -l a=b -l c --label 'project=berth test' -w /tmp -u 1000:1000 -h myhost @IMAGE@ true",
  "--restart=always --network none @IMAGE@",
  "-d --restart unless-stopped @IMAGE@ sleep 300",
  "-m 64m --cpus 0.5 @IMAGE@",
  "--memory=1g --cpus=1.5 @IMAGE@",
  "--entrypoint sh @IMAGE@ -c 'echo hi'",
  "--entrypoint '' @IMAGE@ true",
  "--network @NET@ --privileged @IMAGE@",
  "-i @IMAGE@",
  "-t @IMAGE@",
  "-di @IMAGE@",
  "--workdir=/var --user=nobody --hostname=web-1 @IMAGE@",
};

static void
test_oracle (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *network = NULL;
  g_autofree char *volume = NULL;
  g_autofree char *out = NULL;

  if (f->engine == NULL)
    return;

  g_setenv (SET_VARIABLE, "from the test", TRUE);
  network = expand (f, "@NET@", "");
  out = berth_test_docker_ok ("network", "create", network, NULL);
  g_ptr_array_add (f->networks, g_strdup (network));
  volume = expand (f, "@VOL@", "");
  g_ptr_array_add (f->volumes, g_strdup (volume));

  for (guint i = 0; i < G_N_ELEMENTS (oracle_lines); i++)
    check_line (f, oracle_lines[i], i);
}

static char *
inspect_format (const char *id,
                const char *format)
{
  return berth_test_docker_ok ("container", "inspect", "--format", format, id, NULL);
}

static void
test_create_and_start (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *line = NULL;
  g_autofree char *id = NULL;
  g_autofree char *running = NULL;
  g_autofree char *name = NULL;
  g_autoptr (BerthRunSpec) spec = NULL;
  g_autoptr (GError) error = NULL;
  gboolean image_missing = TRUE;

  if (f->engine == NULL)
    return;

  line = expand (f, "docker run -d --name @NAME@ -p @P8@:80 -e GREETING=hi @IMAGE@ sleep 300", "started");
  spec = berth_run_spec_parse_line (line, NULL, &error);
  g_assert_no_error (error);

  id = create_with_spec (f, spec, TRUE, &image_missing, &error);
  g_assert_no_error (error);
  g_assert_false (image_missing);
  g_assert_cmpuint (strlen (id), ==, 64);

  running = inspect_format (id, "{{.State.Running}}");
  g_assert_cmpstr (running, ==, "true");
  name = inspect_format (id, "{{.Name}}");
  g_assert_true (g_str_has_suffix (name, "-started"));
}

static void
test_missing_image (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr (BerthRunSpec) spec = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *line = NULL;
  gboolean image_missing = FALSE;

  if (f->engine == NULL)
    return;

  spec = berth_run_spec_parse_line ("docker run -d berth-test/no-such-image:never", NULL, &error);
  g_assert_no_error (error);
  id = create_with_spec (f, spec, TRUE, &image_missing, &error);
  g_assert_null (id);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND);
  g_assert_true (image_missing);
  g_test_message ("engine: %s", error->message);
  g_assert_nonnull (strstr (error->message, "no-such-image"));

  /* A missing network is not a missing image: pulling would not help. */
  g_clear_error (&error);
  g_clear_object (&spec);
  line = expand (f, "docker run --network @NET@-missing @IMAGE@", "");
  spec = berth_run_spec_parse_line (line, NULL, &error);
  g_assert_no_error (error);
  id = create_with_spec (f, spec, TRUE, &image_missing, &error);
  g_assert_null (id);
  g_assert_nonnull (error);
  g_test_message ("engine: %s", error->message);
  g_assert_false (image_missing);
}

static void
test_name_conflict (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *name = expand (f, "@NAME@", "taken");
  g_autofree char *out = NULL;
  g_autofree char *line = NULL;
  g_autofree char *id = NULL;
  g_autoptr (BerthRunSpec) spec = NULL;
  g_autoptr (GError) error = NULL;
  gboolean image_missing = TRUE;

  if (f->engine == NULL)
    return;

  out = berth_test_docker_ok ("create", "--name", name, berth_test_image (), NULL);
  g_ptr_array_add (f->containers, g_strdup (name));

  line = g_strdup_printf ("docker run -d --name %s %s", name, berth_test_image ());
  spec = berth_run_spec_parse_line (line, NULL, &error);
  g_assert_no_error (error);
  id = create_with_spec (f, spec, TRUE, &image_missing, &error);
  g_assert_null (id);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_CONFLICT);
  g_assert_false (image_missing);
  g_test_message ("engine: %s", error->message);
  /* The engine's own words, naming the container. */
  g_assert_nonnull (strstr (error->message, name));
  g_assert_nonnull (strstr (error->message, "already in use"));
}

/* A container that cannot start (its port is taken) is not left behind, so
 * running the same form again does not meet a name conflict. */
static void
test_start_failure (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *holder = expand (f, "-d -p @P9@:80 @IMAGE@ sleep 300", "holder");
  g_autofree char *line = expand (f, "docker run -d --name @NAME@ -p @P9@:80 @IMAGE@ sleep 300", "second");
  g_autofree char *name = expand (f, "@NAME@", "second");
  g_autofree char *out = NULL;
  g_autofree char *id = NULL;
  g_autofree char *listed = NULL;
  g_autofree char *filter = NULL;
  g_autoptr (BerthRunSpec) spec = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) words = NULL;
  g_autoptr (GPtrArray) args = g_ptr_array_new ();

  if (f->engine == NULL)
    return;

  g_assert_true (berth_shell_split (holder, &words, NULL));
  g_ptr_array_add (args, (char *) "run");
  for (guint i = 0; words[i] != NULL; i++)
    g_ptr_array_add (args, words[i]);
  g_ptr_array_add (args, NULL);
  out = docker_argv ((const char * const *) args->pdata, &error);
  g_assert_no_error (error);
  g_ptr_array_add (f->containers, g_strdup (out));

  spec = berth_run_spec_parse_line (line, NULL, &error);
  g_assert_no_error (error);
  id = create_with_spec (f, spec, TRUE, NULL, &error);
  g_assert_null (id);
  g_assert_nonnull (error);
  g_test_message ("engine: %s", error->message);
  g_assert_false (error->code == BERTH_ENGINE_ERROR_INVALID_ARGUMENT);
  g_ptr_array_add (f->containers, g_strdup (name));

  filter = g_strdup_printf ("name=^%s$", name);
  listed = berth_test_docker_ok ("ps", "-a", "-q", "--filter", filter, NULL);
  g_assert_cmpstr (listed, ==, "");
}

static void
test_env_files (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autofree char *line = NULL;
  g_autofree char *id = NULL;
  g_autofree char *env = NULL;
  g_autoptr (BerthRunSpec) spec = NULL;
  g_autoptr (GError) error = NULL;

  if (f->engine == NULL)
    return;

  path = g_build_filename (f->folder, "app.env", NULL);
  g_file_set_contents (path, "# settings\nFROM_FILE=yes\nOVERRIDDEN=file\n", -1, &error);
  g_assert_no_error (error);

  line = g_strdup_printf ("docker run --env-file %s -e OVERRIDDEN=flag %s", path, berth_test_image ());
  spec = berth_run_spec_parse_line (line, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (berth_run_spec_get_env_files_loaded (spec));

  /* create_async reads the files itself. */
  id = create_with_spec (f, spec, FALSE, NULL, &error);
  g_assert_no_error (error);
  env = inspect_format (id, "{{json .Config.Env}}");
  g_assert_nonnull (strstr (env, "\"FROM_FILE=yes\""));
  g_assert_nonnull (strstr (env, "\"OVERRIDDEN=file\",\"OVERRIDDEN=flag\""));
  g_unlink (path);
}

static void
test_invalid_not_sent (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr (BerthRunSpec) spec = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  guint64 before;

  if (f->engine == NULL)
    return;

  spec = berth_run_spec_parse_line ("docker run -p 70000:80 -v ./data:/data nginx", NULL, &error);
  g_assert_no_error (error);
  before = berth_engine_get_request_count (f->engine);
  id = create_with_spec (f, spec, TRUE, NULL, &error);
  g_assert_null (id);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT);
  g_assert_cmpuint (berth_engine_get_request_count (f->engine), ==, before);
}

int
main (int   argc,
      char *argv[])
{
  berth_test_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/run-spec/oracle", test_oracle);
  ADD ("/run-spec/create-and-start", test_create_and_start);
  ADD ("/run-spec/missing-image", test_missing_image);
  ADD ("/run-spec/name-conflict", test_name_conflict);
  ADD ("/run-spec/start-failure", test_start_failure);
  ADD ("/run-spec/env-files", test_env_files);
  ADD ("/run-spec/invalid-not-sent", test_invalid_not_sent);
#undef ADD

  return g_test_run ();
}
