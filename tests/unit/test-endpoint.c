/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gstdio.h>
#include <gio/gunixsocketaddress.h>

#include "berth-endpoint.h"
#include "berth-engine-error.h"
#include "berth-test-util.h"

static void
test_addresses (void)
{
  static const struct {
    const char *in;
    const char *address;
    BerthEndpointKind kind;
    const char *base_uri;
  } cases[] = {
    { "unix:///run/docker.sock", "unix:///run/docker.sock", BERTH_ENDPOINT_KIND_UNIX, "http://localhost" },
    { "/var/run//docker.sock", "unix:///var/run/docker.sock", BERTH_ENDPOINT_KIND_UNIX, "http://localhost" },
    { "  unix:///tmp/x.sock  ", "unix:///tmp/x.sock", BERTH_ENDPOINT_KIND_UNIX, "http://localhost" },
    { "tcp://192.168.1.10:2375", "tcp://192.168.1.10:2375", BERTH_ENDPOINT_KIND_TCP, "http://192.168.1.10:2375" },
    { "tcp://example.org", "tcp://example.org:2375", BERTH_ENDPOINT_KIND_TCP, "http://example.org:2375" },
    { "tcp://[::1]:2375", "tcp://[::1]:2375", BERTH_ENDPOINT_KIND_TCP, "http://[::1]:2375" },
    { "http://localhost:2375/", "tcp://localhost:2375", BERTH_ENDPOINT_KIND_TCP, "http://localhost:2375" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (BerthEndpoint) endpoint = berth_endpoint_new_for_address (cases[i].in, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (berth_endpoint_get_address (endpoint), ==, cases[i].address);
      g_assert_cmpint (berth_endpoint_get_kind (endpoint), ==, cases[i].kind);
      g_assert_cmpstr (berth_endpoint_get_base_uri (endpoint), ==, cases[i].base_uri);
    }
}

static void
test_bad_addresses (void)
{
  static const struct { const char *in, *hint; } cases[] = {
    { "", "empty" },
    { "unix://relative.sock", "absolute" },
    { "tcp://", "tcp://HOST:PORT" },
    { "tcp://host:99999", "PORT" },
    { "tcp://host:2375/path", "tcp://HOST:PORT" },
    { "ssh://user@host", "ssh://" },
    { "https://host:2376", "TLS" },
    { "npipe:////./pipe/docker_engine", "unix:///" },
    { "docker.sock", "unix:///" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (BerthEndpoint) endpoint = berth_endpoint_new_for_address (cases[i].in, &error);

      g_assert_null (endpoint);
      g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT);
      if (strstr (error->message, cases[i].hint) == NULL)
        g_error ("“%s”: message “%s” lacks “%s”", cases[i].in, error->message, cases[i].hint);
    }
}

static char **
env_with (const char *first,
          ...) G_GNUC_NULL_TERMINATED;

static char **
env_with (const char *first,
          ...)
{
  char **envp = g_new0 (char *, 1);
  va_list args;

  va_start (args, first);
  for (const char *key = first; key != NULL; key = va_arg (args, const char *))
    envp = g_environ_setenv (envp, key, va_arg (args, const char *), TRUE);
  va_end (args);
  return envp;
}

static void
test_docker_host_wins (void)
{
  g_autofree char *home = g_dir_make_tmp ("berth-home-XXXXXX", NULL);
  g_auto (GStrv) envp = env_with ("HOME", home,
                                  "DOCKER_HOST", "tcp://10.0.0.1:2375",
                                  "DOCKER_CONTEXT", "nonexistent",
                                  NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (BerthEndpoint) endpoint = berth_endpoint_discover ((const char * const *) envp, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (berth_endpoint_get_address (endpoint), ==, "tcp://10.0.0.1:2375");
  g_assert_cmpstr (berth_endpoint_get_source (endpoint), ==, "DOCKER_HOST");
}

static void
test_bad_docker_host (void)
{
  g_auto (GStrv) envp = env_with ("DOCKER_HOST", "ssh://me@server", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (BerthEndpoint) endpoint = berth_endpoint_discover ((const char * const *) envp, &error);

  g_assert_null (endpoint);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT);
}

/* A context as `docker context create NAME --docker host=HOST` writes it. */
static void
write_context (const char *config_dir,
               const char *name,
               const char *host)
{
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, name, -1);
  g_autofree char *dir = g_build_filename (config_dir, "contexts", "meta", digest, NULL);
  g_autofree char *meta = g_build_filename (dir, "meta.json", NULL);
  g_autofree char *json = g_strdup_printf ("{\"Name\":\"%s\",\"Metadata\":{},"
                                           "\"Endpoints\":{\"docker\":{\"Host\":\"%s\",\"SkipTLSVerify\":false}}}",
                                           name, host);
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (meta, json, -1, &error);
  g_assert_no_error (error);
}

static void
write_config (const char *config_dir,
              const char *json)
{
  g_autofree char *path = g_build_filename (config_dir, "config.json", NULL);
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (config_dir, 0700), ==, 0);
  g_file_set_contents (path, json, -1, &error);
  g_assert_no_error (error);
}

static void
test_docker_context_env (void)
{
  g_autofree char *config = g_dir_make_tmp ("berth-config-XXXXXX", NULL);
  g_auto (GStrv) envp = env_with ("DOCKER_CONFIG", config, "DOCKER_CONTEXT", "remote box", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (BerthEndpoint) endpoint = NULL;

  write_context (config, "remote box", "unix:///srv/remote.sock");
  endpoint = berth_endpoint_discover ((const char * const *) envp, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (berth_endpoint_get_address (endpoint), ==, "unix:///srv/remote.sock");
  g_assert_nonnull (strstr (berth_endpoint_get_source (endpoint), "remote box"));
}

static void
test_current_context (void)
{
  g_autofree char *home = g_dir_make_tmp ("berth-home-XXXXXX", NULL);
  g_autofree char *config = g_build_filename (home, ".docker", NULL);
  g_auto (GStrv) envp = env_with ("HOME", home, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (BerthEndpoint) endpoint = NULL;

  write_config (config, "{\"auths\":{},\"currentContext\":\"lab\"}");
  write_context (config, "lab", "tcp://lab.example:2375");
  endpoint = berth_endpoint_discover ((const char * const *) envp, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (berth_endpoint_get_address (endpoint), ==, "tcp://lab.example:2375");
}

static void
test_missing_context (void)
{
  g_autofree char *config = g_dir_make_tmp ("berth-config-XXXXXX", NULL);
  g_auto (GStrv) envp = env_with ("DOCKER_CONFIG", config, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (BerthEndpoint) endpoint = NULL;

  write_config (config, "{\"currentContext\":\"gone\"}");
  endpoint = berth_endpoint_discover ((const char * const *) envp, &error);

  g_assert_null (endpoint);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "gone"));
}

static void
test_broken_files (void)
{
  g_autofree char *config = g_dir_make_tmp ("berth-config-XXXXXX", NULL);
  g_auto (GStrv) envp = env_with ("DOCKER_CONFIG", config, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (BerthEndpoint) endpoint = NULL;
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "odd", -1);
  g_autofree char *dir = g_build_filename (config, "contexts", "meta", digest, NULL);
  g_autofree char *meta = g_build_filename (dir, "meta.json", NULL);

  /* A config that is not JSON is reported, not ignored. */
  write_config (config, "{not json");
  endpoint = berth_endpoint_discover ((const char * const *) envp, &error);
  g_assert_null (endpoint);
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* A context whose Host has the wrong type is a clear error. */
  write_config (config, "{\"currentContext\":\"odd\"}");
  g_mkdir_with_parents (dir, 0700);
  g_file_set_contents (meta, "{\"Endpoints\":{\"docker\":{\"Host\":42}}}", -1, NULL);
  endpoint = berth_endpoint_discover ((const char * const *) envp, &error);
  g_assert_null (endpoint);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "Host"));
}

static void
test_default_sockets (void)
{
  g_autofree char *runtime = g_dir_make_tmp ("berth-run-XXXXXX", NULL);
  g_autofree char *config = g_dir_make_tmp ("berth-config-XXXXXX", NULL);
  g_autofree char *podman_dir = g_build_filename (runtime, "podman", NULL);
  g_autofree char *podman = g_build_filename (podman_dir, "podman.sock", NULL);
  g_auto (GStrv) envp = env_with ("XDG_RUNTIME_DIR", runtime, "DOCKER_CONFIG", config, NULL);
  g_auto (GStrv) sockets = berth_endpoint_list_default_sockets ((const char * const *) envp);
  g_autoptr (GSocket) listener = NULL;
  g_autoptr (GSocketAddress) address = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (BerthEndpoint) endpoint = NULL;
  g_autofree char *rootless = g_build_filename (runtime, "docker.sock", NULL);

  g_assert_cmpuint (g_strv_length (sockets), ==, 4);
  g_assert_cmpstr (sockets[0], ==, "/run/docker.sock");
  g_assert_cmpstr (sockets[1], ==, rootless);
  g_assert_cmpstr (sockets[2], ==, podman);
  g_assert_cmpstr (sockets[3], ==, "/run/podman/podman.sock");

  /* With only a (rootless) Podman socket present, that is what is found;
   * a rootful Docker socket on this machine would come first. */
  g_mkdir_with_parents (podman_dir, 0700);
  listener = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, 0, &error);
  g_assert_no_error (error);
  address = g_unix_socket_address_new (podman);
  g_assert_true (g_socket_bind (listener, address, FALSE, &error));

  endpoint = berth_endpoint_discover ((const char * const *) envp, &error);
  g_assert_no_error (error);
  if (g_file_test ("/run/docker.sock", G_FILE_TEST_EXISTS))
    g_assert_cmpstr (berth_endpoint_get_path (endpoint), ==, "/run/docker.sock");
  else
    g_assert_cmpstr (berth_endpoint_get_path (endpoint), ==, podman);
  g_unlink (podman);
}

static void
test_nothing_found (void)
{
  g_autofree char *runtime = g_dir_make_tmp ("berth-run-XXXXXX", NULL);
  g_autofree char *config = g_dir_make_tmp ("berth-config-XXXXXX", NULL);
  g_auto (GStrv) envp = env_with ("XDG_RUNTIME_DIR", runtime, "DOCKER_CONFIG", config, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (BerthEndpoint) endpoint = NULL;

  if (g_file_test ("/run/docker.sock", G_FILE_TEST_EXISTS) ||
      g_file_test ("/run/podman/podman.sock", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("this machine has a system engine socket");
      return;
    }

  endpoint = berth_endpoint_discover ((const char * const *) envp, &error);
  g_assert_null (endpoint);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NO_ENGINE);
  g_assert_nonnull (strstr (error->message, "/run/docker.sock"));
}

static void
test_discover_async (void)
{
  g_auto (GStrv) envp = env_with ("DOCKER_HOST", "unix:///tmp/async.sock", NULL);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (BerthEndpoint) endpoint = NULL;
  GAsyncResult *slot = NULL;

  berth_endpoint_discover_async ((const char * const *) envp, NULL, berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  endpoint = berth_endpoint_discover_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (berth_endpoint_get_path (endpoint), ==, "/tmp/async.sock");
}

int
main (int   argc,
      char *argv[])
{
  berth_test_init (&argc, &argv);

  g_test_add_func ("/endpoint/addresses", test_addresses);
  g_test_add_func ("/endpoint/bad-addresses", test_bad_addresses);
  g_test_add_func ("/endpoint/docker-host-wins", test_docker_host_wins);
  g_test_add_func ("/endpoint/bad-docker-host", test_bad_docker_host);
  g_test_add_func ("/endpoint/docker-context-env", test_docker_context_env);
  g_test_add_func ("/endpoint/current-context", test_current_context);
  g_test_add_func ("/endpoint/missing-context", test_missing_context);
  g_test_add_func ("/endpoint/broken-files", test_broken_files);
  g_test_add_func ("/endpoint/default-sockets", test_default_sockets);
  g_test_add_func ("/endpoint/nothing-found", test_nothing_found);
  g_test_add_func ("/endpoint/discover-async", test_discover_async);

  return g_test_run ();
}
