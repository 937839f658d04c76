/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gstdio.h>

#include "berth-engine-error.h"
#include "berth-registry-auth.h"
#include "berth-shell.h"
#include "berth-test-util.h"

/* X-Registry-Auth is docker's AuthConfig as JSON in URL-safe base64 with
 * padding; the expected values were computed independently (Python's
 * base64.urlsafe_b64encode over the JSON text). */

static void
test_encode (void)
{
  static const struct
  {
    const char *server, *username, *password, *token;
    const char *json;
    const char *encoded;
  } cases[] = {
    { "127.0.0.1:15000", "berth", "berth-test-password", NULL,
      "{\"username\":\"berth\",\"password\":\"berth-test-password\",\"serveraddress\":\"127.0.0.1:15000\"}",
      "eyJ1c2VybmFtZSI6ImJlcnRoIiwicGFzc3dvcmQiOiJiZXJ0aC10ZXN0LXBhc3N3b3JkIiwic2VydmVyYWRkcmVzcyI6IjEyNy4wLjAuMToxNTAwMCJ9" },
    /* "/" in standard base64 becomes "_". */
    { "reg.example.com", "me", "\xC3\xBC>?", NULL,
      "{\"username\":\"me\",\"password\":\"\xC3\xBC>?\",\"serveraddress\":\"reg.example.com\"}",
      "eyJ1c2VybmFtZSI6Im1lIiwicGFzc3dvcmQiOiLDvD4_Iiwic2VydmVyYWRkcmVzcyI6InJlZy5leGFtcGxlLmNvbSJ9" },
    /* "+" becomes "-", and the padding stays. */
    { "reg.example.com", "me", "s3cr?t~>>", NULL,
      "{\"username\":\"me\",\"password\":\"s3cr?t~>>\",\"serveraddress\":\"reg.example.com\"}",
      "eyJ1c2VybmFtZSI6Im1lIiwicGFzc3dvcmQiOiJzM2NyP3R-Pj4iLCJzZXJ2ZXJhZGRyZXNzIjoicmVnLmV4YW1wbGUuY29tIn0=" },
    /* An identity token, stored under docker's "<token>" user. */
    { BERTH_REGISTRY_DOCKER_HUB_SERVER, BERTH_REGISTRY_TOKEN_USERNAME, NULL, "tok",
      "{\"serveraddress\":\"https://index.docker.io/v1/\",\"identitytoken\":\"tok\"}",
      "eyJzZXJ2ZXJhZGRyZXNzIjoiaHR0cHM6Ly9pbmRleC5kb2NrZXIuaW8vdjEvIiwiaWRlbnRpdHl0b2tlbiI6InRvayJ9" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (BerthRegistryAuth) auth = berth_registry_auth_new (cases[i].server, cases[i].username,
                                                                    cases[i].password);
      g_autoptr (JsonNode) json = NULL;
      g_autofree char *text = NULL;
      g_autofree char *encoded = NULL;

      auth->identity_token = g_strdup (cases[i].token);
      json = berth_registry_auth_to_json (auth);
      text = json_to_string (json, FALSE);
      g_assert_cmpstr (text, ==, cases[i].json);

      encoded = berth_registry_auth_encode (auth);
      g_assert_cmpstr (encoded, ==, cases[i].encoded);
    }
}

static void
test_encode_anonymous (void)
{
  g_autofree char *anonymous = berth_registry_auth_encode (NULL);

  /* base64url of "{}": what docker sends for an anonymous push. */
  g_assert_cmpstr (anonymous, ==, "e30=");
}

static void
test_validate (void)
{
  static const struct { const char *server, *username, *password, *token; gboolean ok; } cases[] = {
    { "127.0.0.1:15000", "berth", "secret", NULL, TRUE },
    { "", "berth", "secret", NULL, FALSE },
    { NULL, "berth", "secret", NULL, FALSE },
    { "my registry", "berth", "secret", NULL, FALSE },
    { "reg.example.com", "", "secret", NULL, FALSE },
    { "reg.example.com", "a:b", "secret", NULL, FALSE },
    { "reg.example.com", "berth", "", NULL, FALSE },
    { "reg.example.com", NULL, NULL, "token", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (BerthRegistryAuth) auth = berth_registry_auth_new (cases[i].server, cases[i].username,
                                                                    cases[i].password);
      g_autoptr (GError) error = NULL;

      auth->identity_token = g_strdup (cases[i].token);
      g_assert_cmpint (berth_registry_auth_validate (auth, &error), ==, cases[i].ok);
      if (cases[i].ok)
        g_assert_no_error (error);
      else
        g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT);
    }
}

static void
test_server (void)
{
  static const char *cases[][2] = {
    { NULL, BERTH_REGISTRY_DOCKER_HUB_SERVER },
    { "docker.io", BERTH_REGISTRY_DOCKER_HUB_SERVER },
    { "index.docker.io", BERTH_REGISTRY_DOCKER_HUB_SERVER },
    { "https://index.docker.io/v1/", BERTH_REGISTRY_DOCKER_HUB_SERVER },
    { "registry-1.docker.io", BERTH_REGISTRY_DOCKER_HUB_SERVER },
    { "127.0.0.1:15000", "127.0.0.1:15000" },
    { "http://127.0.0.1:15000/v2/", "127.0.0.1:15000" },
    { "https://Registry.Example.com", "registry.example.com" },
    { "ghcr.io", "ghcr.io" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *server = berth_registry_server_for_registry (cases[i][0]);

      g_assert_cmpstr (server, ==, cases[i][1]);
    }
}

static void
test_argv (void)
{
  g_autoptr (BerthRegistryAuth) local = berth_registry_auth_new ("http://127.0.0.1:15000", "berth", "pw");
  g_autoptr (BerthRegistryAuth) hub = berth_registry_auth_new ("docker.io", "me", "pw");
  g_auto (GStrv) login_local = berth_registry_auth_login_argv (local);
  g_auto (GStrv) login_hub = berth_registry_auth_login_argv (hub);
  g_auto (GStrv) logout_local = berth_registry_auth_logout_argv ("127.0.0.1:15000");
  g_auto (GStrv) logout_hub = berth_registry_auth_logout_argv (BERTH_REGISTRY_DOCKER_HUB_SERVER);
  const char *expect_login_local[] = { "docker", "login", "-u", "berth", "--password-stdin", "127.0.0.1:15000", NULL };
  const char *expect_login_hub[] = { "docker", "login", "-u", "me", "--password-stdin", NULL };
  const char *expect_logout_local[] = { "docker", "logout", "127.0.0.1:15000", NULL };
  const char *expect_logout_hub[] = { "docker", "logout", NULL };

  g_assert_cmpstrv (login_local, expect_login_local);
  g_assert_cmpstrv (login_hub, expect_login_hub);
  g_assert_cmpstrv (logout_local, expect_logout_local);
  g_assert_cmpstrv (logout_hub, expect_logout_hub);

  /* The password never appears in the command. */
  for (guint i = 0; login_local[i] != NULL; i++)
    g_assert_cmpstr (login_local[i], !=, "pw");
}

static void
test_docker_config (void)
{
  /* "YWxpY2U6czNjcmV0" is "alice:s3cret"; "Ym9iOg==" is "bob:". */
  const char *config =
    "{\n"
    "  \"auths\": {\n"
    "    \"https://index.docker.io/v1/\": { \"auth\": \"YWxpY2U6czNjcmV0\" },\n"
    "    \"ghcr.io\": {},\n"
    "    \"http://127.0.0.1:15000\": { \"auth\": \"Ym9iOg==\", \"identitytoken\": \"x\" },\n"
    "    \"broken.example.com\": { \"auth\": \"!!!not base64\" }\n"
    "  },\n"
    "  \"credsStore\": \"secretservice\",\n"
    "  \"credHelpers\": { \"123.dkr.ecr.us-east-1.amazonaws.com\": \"ecr-login\", \"ghcr.io\": \"gh\" }\n"
    "}\n";
  static const char *expected[][2] = {
    { BERTH_REGISTRY_DOCKER_HUB_SERVER, "alice" },
    { "ghcr.io", NULL },
    { "127.0.0.1:15000", "bob" },
    { "broken.example.com", NULL },
    { "123.dkr.ecr.us-east-1.amazonaws.com", NULL },
  };
  g_autoptr (GPtrArray) servers = NULL;
  g_autoptr (GError) error = NULL;

  servers = berth_docker_config_parse_auths (config, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (servers->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < servers->len; i++)
    {
      BerthRegistryAuth *auth = g_ptr_array_index (servers, i);

      g_assert_cmpstr (auth->server, ==, expected[i][0]);
      g_assert_cmpstr (auth->username, ==, expected[i][1]);
      g_assert_null (auth->password);
      g_assert_null (auth->identity_token);
    }

  g_clear_pointer (&servers, g_ptr_array_unref);
  servers = berth_docker_config_parse_auths ("{\"auths\": []}", -1, &error);
  g_assert_null (servers);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_DATA);
  g_clear_error (&error);

  servers = berth_docker_config_parse_auths ("{\"auths\": ", -1, &error);
  g_assert_null (servers);
  g_assert_nonnull (error);
}

static void
test_docker_config_file (void)
{
  g_autofree char *dir = g_build_filename (g_get_tmp_dir (), "berth-docker-config-XXXXXX", NULL);
  g_autofree char *path = NULL;
  g_autofree char *found = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GPtrArray) servers = NULL;
  g_autoptr (GError) error = NULL;
  GAsyncResult *slot = NULL;
  const char *config = "{\"auths\":{\"127.0.0.1:15000\":{\"auth\":\"YmVydGg6cHc=\"}}}";

  g_assert_nonnull (g_mkdtemp (dir));
  path = g_build_filename (dir, "config.json", NULL);

  /* DOCKER_CONFIG is honoured, as the docker CLI does. */
  g_setenv ("DOCKER_CONFIG", dir, TRUE);
  found = berth_docker_config_path ();
  g_assert_cmpstr (found, ==, path);

  /* No file: nothing to offer, and no error. */
  berth_docker_config_list_async (NULL, berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  servers = berth_docker_config_list_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (servers->len, ==, 0);
  g_clear_pointer (&servers, g_ptr_array_unref);
  g_clear_object (&result);

  g_assert_true (g_file_set_contents (path, config, -1, NULL));
  berth_docker_config_list_async (NULL, berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  servers = berth_docker_config_list_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (servers->len, ==, 1);
  g_assert_cmpstr (((BerthRegistryAuth *) g_ptr_array_index (servers, 0))->username, ==, "berth");

  g_unsetenv ("DOCKER_CONFIG");
  g_remove (path);
  g_rmdir (dir);
}

/* Without a session bus the keyring is simply not there: a clear error,
 * at once, never a hang. */
static void
test_keyring_unavailable (void)
{
  g_autoptr (BerthRegistryAuth) auth = berth_registry_auth_new ("127.0.0.1:15000", "berth", "pw");
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) list = NULL;
  g_autofree char *bus = g_build_filename (g_get_user_runtime_dir (), "bus", NULL);
  GAsyncResult *slot = NULL;
  gint64 start = g_get_monotonic_time ();

  g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
  g_assert_false (g_file_test (bus, G_FILE_TEST_EXISTS));

  berth_registry_auth_store_async (auth, NULL, berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  g_assert_false (berth_registry_auth_store_finish (result, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "keyring"));
  g_clear_error (&error);
  g_clear_object (&result);

  berth_registry_auth_list_async (NULL, berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  list = berth_registry_auth_list_finish (result, &error);
  g_assert_null (list);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_FAILED);
  g_clear_error (&error);
  g_clear_object (&result);

  berth_registry_auth_lookup_async ("127.0.0.1:15000", NULL, NULL, berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  g_assert_null (berth_registry_auth_lookup_finish (result, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_FAILED);
  g_clear_error (&error);
  g_clear_object (&result);

  berth_registry_auth_clear_async ("127.0.0.1:15000", NULL, NULL, berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  g_assert_false (berth_registry_auth_clear_finish (result, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_FAILED);

  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
}

/* An invalid login is refused before the keyring is even asked. */
static void
test_store_invalid (void)
{
  g_autoptr (BerthRegistryAuth) auth = berth_registry_auth_new ("127.0.0.1:15000", "berth", "");
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  GAsyncResult *slot = NULL;

  berth_registry_auth_store_async (auth, NULL, berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  g_assert_false (berth_registry_auth_store_finish (result, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT);
}

int
main (int   argc,
      char *argv[])
{
  berth_test_init (&argc, &argv);

  g_test_add_func ("/registry-auth/encode", test_encode);
  g_test_add_func ("/registry-auth/encode-anonymous", test_encode_anonymous);
  g_test_add_func ("/registry-auth/validate", test_validate);
  g_test_add_func ("/registry-auth/server", test_server);
  g_test_add_func ("/registry-auth/argv", test_argv);
  g_test_add_func ("/registry-auth/docker-config", test_docker_config);
  g_test_add_func ("/registry-auth/docker-config-file", test_docker_config_file);
  g_test_add_func ("/registry-auth/keyring-unavailable", test_keyring_unavailable);
  g_test_add_func ("/registry-auth/store-invalid", test_store_invalid);

  return g_test_run ();
}
