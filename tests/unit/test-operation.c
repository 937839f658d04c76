/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "berth-engine-error.h"
#include "berth-operation.h"
#include "berth-test-util.h"

typedef struct
{
  BerthOperationKind  kind;
  const char         *target;
  const char         *name;
  gboolean            force;
  gboolean            volumes;
  const char         *api;
  const char         *method;
  const char         *path;
  const char         *command;
} Case;

static void
check (const BerthOperation *op,
       const char           *api,
       const char           *method,
       const char           *path,
       const char           *body,
       const char           *command)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) json = NULL;
  g_autofree char *built_path = NULL;
  g_autofree char *line = NULL;
  const char *built_method = NULL;

  g_assert_true (berth_operation_build_request (op, api, &built_method, &built_path, &json, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (built_method, ==, method);
  g_assert_cmpstr (built_path, ==, path);
  if (body == NULL)
    g_assert_null (json);
  else
    {
      g_autoptr (JsonNode) expected = json_from_string (body, NULL);
      g_autofree char *got = json_to_string (json, FALSE);

      g_assert_nonnull (expected);
      if (!json_node_equal (expected, json))
        g_error ("body %s, expected %s", got, body);
    }

  line = berth_operation_to_command (op, api);
  g_assert_cmpstr (line, ==, command);
}

static void
test_simple (void)
{
  static const Case cases[] = {
    { BERTH_OPERATION_CONTAINER_START, "abc123", "web", 0, 0, "1.41", "POST", "/containers/abc123/start", "docker start web" },
    { BERTH_OPERATION_CONTAINER_STOP, "abc123", "web", 0, 0, "1.41", "POST", "/containers/abc123/stop", "docker stop web" },
    { BERTH_OPERATION_CONTAINER_RESTART, "abc123", "web", 0, 0, "1.41", "POST", "/containers/abc123/restart", "docker restart web" },
    { BERTH_OPERATION_CONTAINER_PAUSE, "abc123", "web", 0, 0, "1.41", "POST", "/containers/abc123/pause", "docker pause web" },
    { BERTH_OPERATION_CONTAINER_UNPAUSE, "abc123", "web", 0, 0, "1.41", "POST", "/containers/abc123/unpause", "docker unpause web" },
    { BERTH_OPERATION_CONTAINER_KILL, "abc123", "web", 0, 0, "1.41", "POST", "/containers/abc123/kill", "docker kill web" },
    { BERTH_OPERATION_CONTAINER_REMOVE, "abc123", "web", 0, 0, "1.41", "DELETE", "/containers/abc123", "docker rm web" },
    { BERTH_OPERATION_CONTAINER_REMOVE, "abc123", "web", 1, 1, "1.41", "DELETE", "/containers/abc123?force=1&v=1", "docker rm -f -v web" },
    { BERTH_OPERATION_CONTAINER_REMOVE, "abc123", NULL, 0, 1, "1.41", "DELETE", "/containers/abc123?v=1", "docker rm -v abc123" },
    { BERTH_OPERATION_IMAGE_REMOVE, "localhost:5000/team/app:1.0", NULL, 0, 0, "1.41", "DELETE", "/images/localhost:5000/team/app:1.0", "docker rmi localhost:5000/team/app:1.0" },
    { BERTH_OPERATION_IMAGE_REMOVE, "sha256:abc", "abc", 1, 0, "1.41", "DELETE", "/images/sha256:abc?force=1", "docker rmi -f abc" },
    { BERTH_OPERATION_IMAGE_PRUNE, NULL, NULL, 0, 0, "1.41", "POST", "/images/prune?filters=%7B%22dangling%22%3A%5B%22true%22%5D%7D", "docker image prune -f" },
    { BERTH_OPERATION_VOLUME_REMOVE, "my data", NULL, 0, 0, "1.41", "DELETE", "/volumes/my%20data", "docker volume rm 'my data'" },
    { BERTH_OPERATION_VOLUME_PRUNE, NULL, NULL, 0, 0, "1.41", "POST", "/volumes/prune", "docker volume prune -f" },
    { BERTH_OPERATION_VOLUME_PRUNE, NULL, NULL, 0, 0, "1.43", "POST", "/volumes/prune?filters=%7B%22all%22%3A%5B%22true%22%5D%7D", "docker volume prune -a -f" },
    { BERTH_OPERATION_NETWORK_REMOVE, "f00ba4", "appnet", 0, 0, "1.41", "DELETE", "/networks/f00ba4", "docker network rm appnet" },
    { BERTH_OPERATION_NETWORK_PRUNE, NULL, NULL, 0, 0, "1.41", "POST", "/networks/prune", "docker network prune -f" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (BerthOperation) op = berth_operation_new (cases[i].kind, cases[i].target, cases[i].name);

      op->force = cases[i].force;
      op->remove_volumes = cases[i].volumes;
      check (op, cases[i].api, cases[i].method, cases[i].path, NULL, cases[i].command);
    }
}

static void
test_image_prune_all (void)
{
  g_autoptr (BerthOperation) op = berth_operation_new (BERTH_OPERATION_IMAGE_PRUNE, NULL, NULL);

  op->all = TRUE;
  check (op, "1.41", "POST", "/images/prune?filters=%7B%22dangling%22%3A%5B%22false%22%5D%7D", NULL,
         "docker image prune -a -f");
}

static void
test_volume_create (void)
{
  g_autoptr (BerthOperation) op = berth_operation_new (BERTH_OPERATION_VOLUME_CREATE, "data", NULL);
  g_autoptr (BerthOperation) anon = berth_operation_new (BERTH_OPERATION_VOLUME_CREATE, NULL, NULL);

  check (op, "1.41", "POST", "/volumes/create",
         "{\"Name\":\"data\",\"Driver\":\"local\",\"Labels\":{}}",
         "docker volume create data");

  op->driver = g_strdup ("nfs");
  op->labels = g_strdupv ((char *[]) { "project=web", "owner=Ann Lee", NULL });
  check (op, "1.41", "POST", "/volumes/create",
         "{\"Name\":\"data\",\"Driver\":\"nfs\",\"Labels\":{\"project\":\"web\",\"owner\":\"Ann Lee\"}}",
         "docker volume create --driver nfs --label project=web --label 'owner=Ann Lee' data");

  check (anon, "1.41", "POST", "/volumes/create",
         "{\"Driver\":\"local\",\"Labels\":{}}", "docker volume create");
}

static void
test_network_create (void)
{
  g_autoptr (BerthOperation) op = berth_operation_new (BERTH_OPERATION_NETWORK_CREATE, "appnet", NULL);

  check (op, "1.41", "POST", "/networks/create",
         "{\"Name\":\"appnet\",\"Driver\":\"bridge\",\"Internal\":false,\"CheckDuplicate\":true,\"Labels\":{}}",
         "docker network create appnet");

  op->driver = g_strdup ("macvlan");
  op->subnet = g_strdup ("172.28.0.0/16");
  op->gateway = g_strdup ("172.28.0.1");
  op->internal = TRUE;
  check (op, "1.44", "POST", "/networks/create",
         "{\"Name\":\"appnet\",\"Driver\":\"macvlan\",\"Internal\":true,"
         "\"IPAM\":{\"Config\":[{\"Subnet\":\"172.28.0.0/16\",\"Gateway\":\"172.28.0.1\"}]},\"Labels\":{}}",
         "docker network create --driver macvlan --subnet 172.28.0.0/16 --gateway 172.28.0.1 --internal appnet");
}

static void
assert_invalid (BerthOperation *op,
                const char     *fragment)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) body = NULL;
  g_autofree char *path = NULL;
  const char *method = NULL;

  g_assert_false (berth_operation_build_request (op, "1.41", &method, &path, &body, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT);
  if (strstr (error->message, fragment) == NULL)
    g_error ("“%s” lacks “%s”", error->message, fragment);
  g_assert_null (path);
}

static void
test_validation (void)
{
  g_autoptr (BerthOperation) volume = berth_operation_new (BERTH_OPERATION_VOLUME_CREATE, "my data", NULL);
  g_autoptr (BerthOperation) network = berth_operation_new (BERTH_OPERATION_NETWORK_CREATE, "", NULL);
  g_autoptr (BerthOperation) stop = berth_operation_new (BERTH_OPERATION_CONTAINER_STOP, NULL, NULL);

  assert_invalid (volume, "“ ”");
  g_free (volume->target);
  volume->target = g_strdup ("x");
  assert_invalid (volume, "at least 2");
  g_free (volume->target);
  volume->target = g_strdup ("_data");
  assert_invalid (volume, "start with a letter");
  g_free (volume->target);
  volume->target = g_strdup ("数据");
  assert_invalid (volume, "start with a letter");
  g_free (volume->target);
  volume->target = g_strdup ("d数据");
  assert_invalid (volume, "“数”");
  g_free (volume->target);
  volume->target = g_strdup ("data");
  volume->labels = g_strdupv ((char *[]) { "=x", NULL });
  assert_invalid (volume, "key");
  g_strfreev (volume->labels);
  volume->labels = g_strdupv ((char *[]) { "my key=x", NULL });
  assert_invalid (volume, "space");

  assert_invalid (network, "needs a name");
  g_free (network->target);
  network->target = g_strdup ("appnet");
  network->subnet = g_strdup ("172.28.0.0");
  assert_invalid (network, "ADDRESS/PREFIX");
  g_free (network->subnet);
  network->subnet = g_strdup ("172.28.0.0/16");
  network->gateway = g_strdup ("10.0.0.1");
  assert_invalid (network, "not inside");
  g_free (network->gateway);
  network->gateway = g_strdup ("gateway");
  assert_invalid (network, "not an IP");
  g_free (network->gateway);
  g_free (network->subnet);
  network->subnet = NULL;
  network->gateway = g_strdup ("172.28.0.1");
  assert_invalid (network, "needs a subnet");
  g_free (network->gateway);
  network->gateway = NULL;
  network->driver = g_strdup ("bridge; rm -rf /");
  assert_invalid (network, "driver");

  assert_invalid (stop, "Nothing");
}

int
main (int   argc,
      char *argv[])
{
  berth_test_init (&argc, &argv);

  g_test_add_func ("/operation/simple", test_simple);
  g_test_add_func ("/operation/image-prune-all", test_image_prune_all);
  g_test_add_func ("/operation/volume-create", test_volume_create);
  g_test_add_func ("/operation/network-create", test_network_create);
  g_test_add_func ("/operation/validation", test_validation);

  return g_test_run ();
}
