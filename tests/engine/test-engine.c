/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <unistd.h>

#include "berth-engine-error.h"
#include "berth-operation.h"
#include "berth-test-util.h"

/* BerthEngine and every BerthOperation against the private test engine,
 * with the docker CLI as the independent witness of what happened. */

typedef struct
{
  BerthEndpoint *endpoint;
  BerthEngine   *engine;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->endpoint = berth_test_get_endpoint ();
  if (f->endpoint != NULL)
    f->engine = berth_test_connect_engine (f->endpoint);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->engine);
  g_clear_object (&f->endpoint);
}

/* Runs @op and returns the engine's answer; fails the test on error unless
 * @error is given. */
static JsonNode *
run_op (Fixture         *f,
        BerthOperation  *op,
        GError         **error)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) local_error = NULL;
  GAsyncResult *slot = NULL;
  JsonNode *node;

  berth_operation_run_async (op, f->engine, NULL, berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  node = berth_operation_run_finish (result, error ? error : &local_error);
  g_assert_no_error (local_error);
  return node;
}

static void
run_container_op (Fixture            *f,
                  BerthOperationKind  kind,
                  const char         *id)
{
  g_autoptr (BerthOperation) op = berth_operation_new (kind, id, NULL);
  g_autoptr (JsonNode) node = run_op (f, op, NULL);
}

static char *
container_status (const char *name)
{
  return berth_test_docker_ok ("inspect", "-f", "{{.State.Status}}", name, NULL);
}

static void
test_connect (Fixture       *f,
              gconstpointer  data)
{
  if (f->engine == NULL)
    return;

  g_assert_cmpint (berth_engine_get_kind (f->engine), ==, BERTH_ENGINE_KIND_DOCKER);
  g_assert_nonnull (berth_engine_get_version (f->engine));
  /* Negotiated, never hard-coded: within what Berth knows. */
  g_assert_cmpint (berth_api_version_compare (berth_engine_get_api_version (f->engine), BERTH_API_VERSION_OLDEST), >=, 0);
  g_assert_cmpint (berth_api_version_compare (berth_engine_get_api_version (f->engine), BERTH_API_VERSION_NEWEST), <=, 0);
  g_assert_cmpstr (berth_engine_get_os (f->engine), ==, "linux");
  g_assert_cmpuint (berth_engine_get_request_count (f->engine), ==, 2);
}

static void
test_unreachable (void)
{
  g_autoptr (BerthEndpoint) endpoint = berth_endpoint_new_for_address ("unix:///nonexistent/berth.sock", NULL);
  g_autoptr (BerthEngine) engine = berth_engine_new (endpoint);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  GAsyncResult *slot = NULL;

  berth_engine_connect_async (engine, NULL, berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  g_assert_false (berth_engine_connect_finish (engine, result, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_CONNECTION);
  g_assert_nonnull (strstr (error->message, "/nonexistent/berth.sock"));
}

static void
test_api_version_compare (void)
{
  g_assert_cmpint (berth_api_version_compare ("1.9", "1.41"), <, 0);
  g_assert_cmpint (berth_api_version_compare ("1.41", "1.41"), ==, 0);
  g_assert_cmpint (berth_api_version_compare ("1.51", "1.44"), >, 0);
  g_assert_cmpint (berth_api_version_compare ("2.0", "1.99"), >, 0);
  g_assert_cmpint (berth_api_version_compare ("garbage", "1.0"), <, 0);
}

static void
test_list_and_inspect (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *name = berth_test_unique_name ("list");
  g_autofree char *id = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (JsonNode) list = NULL, inspect = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  GAsyncResult *slot = NULL;
  gboolean found = FALSE;
  JsonArray *array;

  if (f->engine == NULL)
    return;

  id = berth_test_docker_ok ("create", "--name", name, berth_test_image (), "sleep", "300", NULL);

  berth_engine_get_json_async (f->engine, "/containers/json?all=1", NULL, berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  list = berth_engine_get_json_finish (f->engine, result, &error);
  g_assert_no_error (error);
  array = json_node_get_array (list);
  for (guint i = 0; i < json_array_get_length (array); i++)
    found |= g_str_equal (json_object_get_string_member (json_array_get_object_element (array, i), "Id"), id);
  g_assert_true (found);

  g_clear_object (&result);
  path = g_strdup_printf ("/containers/%s/json", name);
  berth_engine_get_json_async (f->engine, path, NULL, berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  inspect = berth_engine_get_json_finish (f->engine, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (inspect), "Id"), ==, id);

  berth_test_docker_ok ("rm", "-f", name, NULL);
}

static void
test_container_lifecycle (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *name = berth_test_unique_name ("life");
  g_autofree char *id = NULL;
  g_autofree char *status = NULL;
  g_autoptr (BerthOperation) rm = NULL;
  g_autoptr (JsonNode) node = NULL;

  if (f->engine == NULL)
    return;

  id = berth_test_docker_ok ("create", "--name", name, berth_test_image (), "sleep", "300", NULL);

  run_container_op (f, BERTH_OPERATION_CONTAINER_START, id);
  status = container_status (name);
  g_assert_cmpstr (status, ==, "running");
  g_free (status);

  /* Starting a running container is not an error (304). */
  run_container_op (f, BERTH_OPERATION_CONTAINER_START, id);

  run_container_op (f, BERTH_OPERATION_CONTAINER_PAUSE, id);
  status = container_status (name);
  g_assert_cmpstr (status, ==, "paused");
  g_free (status);

  run_container_op (f, BERTH_OPERATION_CONTAINER_UNPAUSE, id);
  status = container_status (name);
  g_assert_cmpstr (status, ==, "running");
  g_free (status);

  run_container_op (f, BERTH_OPERATION_CONTAINER_RESTART, id);
  status = container_status (name);
  g_assert_cmpstr (status, ==, "running");
  g_free (status);

  run_container_op (f, BERTH_OPERATION_CONTAINER_KILL, id);
  status = container_status (name);
  g_assert_cmpstr (status, ==, "exited");
  g_free (status);

  run_container_op (f, BERTH_OPERATION_CONTAINER_START, id);
  run_container_op (f, BERTH_OPERATION_CONTAINER_STOP, id);
  status = container_status (name);
  g_assert_cmpstr (status, ==, "exited");

  /* Stopping a stopped container is not an error either (304). */
  run_container_op (f, BERTH_OPERATION_CONTAINER_STOP, id);

  rm = berth_operation_new (BERTH_OPERATION_CONTAINER_REMOVE, id, name);
  rm->remove_volumes = TRUE;
  node = run_op (f, rm, NULL);
  g_assert_null (berth_test_docker (NULL, "inspect", name, NULL));
}

static void
test_container_errors (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *name = berth_test_unique_name ("busy");
  g_autofree char *id = NULL;
  g_autoptr (BerthOperation) rm = NULL;
  g_autoptr (BerthOperation) missing = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (GError) error = NULL;

  if (f->engine == NULL)
    return;

  id = berth_test_docker_ok ("run", "-d", "--name", name, berth_test_image (), "sleep", "300", NULL);

  /* A running container is not removed without force: the engine's 409. */
  rm = berth_operation_new (BERTH_OPERATION_CONTAINER_REMOVE, id, name);
  node = run_op (f, rm, &error);
  g_assert_null (node);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "running"));
  g_clear_error (&error);

  rm->force = TRUE;
  node = run_op (f, rm, NULL);
  g_assert_null (berth_test_docker (NULL, "inspect", name, NULL));

  missing = berth_operation_new (BERTH_OPERATION_CONTAINER_STOP, "berth-no-such-container", NULL);
  node = run_op (f, missing, &error);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "berth-no-such-container"));
}

static void
test_invalid_not_sent (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr (BerthOperation) op = berth_operation_new (BERTH_OPERATION_VOLUME_CREATE, "bad name", NULL);
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (GError) error = NULL;
  guint64 before;

  if (f->engine == NULL)
    return;

  before = berth_engine_get_request_count (f->engine);
  node = run_op (f, op, &error);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT);
  g_assert_cmpuint (berth_engine_get_request_count (f->engine), ==, before);
}

static void
test_images (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *tag = NULL;
  g_autofree char *name = berth_test_unique_name ("commit");
  g_autofree char *dangling = NULL;
  g_autoptr (BerthOperation) rmi = NULL;
  g_autoptr (BerthOperation) prune = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (JsonNode) report = NULL;
  g_autofree char *report_text = NULL;

  if (f->engine == NULL)
    return;

  tag = g_strdup_printf ("berth-test/tagged:%d", (int) getpid ());
  g_free (berth_test_docker_ok ("tag", berth_test_image (), tag, NULL));
  rmi = berth_operation_new (BERTH_OPERATION_IMAGE_REMOVE, tag, NULL);
  node = run_op (f, rmi, NULL);
  g_assert_nonnull (node);   /* the list of untagged/deleted */
  g_assert_null (berth_test_docker (NULL, "image", "inspect", tag, NULL));
  /* The original image is still there. */
  g_free (berth_test_docker_ok ("image", "inspect", berth_test_image (), NULL));

  /* A commit without a name makes a dangling image; prune removes it. */
  g_free (berth_test_docker_ok ("create", "--name", name, berth_test_image (), "true", NULL));
  dangling = berth_test_docker_ok ("commit", name, NULL);
  g_free (berth_test_docker_ok ("rm", name, NULL));
  prune = berth_operation_new (BERTH_OPERATION_IMAGE_PRUNE, NULL, NULL);
  report = run_op (f, prune, NULL);
  report_text = json_to_string (report, FALSE);
  g_assert_nonnull (strstr (report_text, dangling));
  g_assert_null (berth_test_docker (NULL, "image", "inspect", dangling, NULL));
}

static void
test_volumes (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *name = berth_test_unique_name ("vol");
  g_autofree char *unused = berth_test_unique_name ("unused");
  g_autofree char *labels = NULL;
  g_autoptr (BerthOperation) create = berth_operation_new (BERTH_OPERATION_VOLUME_CREATE, name, NULL);
  g_autoptr (BerthOperation) rm = NULL;
  g_autoptr (BerthOperation) prune = NULL;
  g_autoptr (JsonNode) node = NULL, gone = NULL, report = NULL;

  if (f->engine == NULL)
    return;

  create->labels = g_strdupv ((char *[]) { "berth.test=yes", NULL });
  node = run_op (f, create, NULL);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "Name"), ==, name);
  labels = berth_test_docker_ok ("volume", "inspect", "-f", "{{json .Labels}}", name, NULL);
  g_assert_cmpstr (labels, ==, "{\"berth.test\":\"yes\"}");

  rm = berth_operation_new (BERTH_OPERATION_VOLUME_REMOVE, name, NULL);
  gone = run_op (f, rm, NULL);
  g_assert_null (berth_test_docker (NULL, "volume", "inspect", name, NULL));

  g_free (berth_test_docker_ok ("volume", "create", unused, NULL));
  prune = berth_operation_new (BERTH_OPERATION_VOLUME_PRUNE, NULL, NULL);
  report = run_op (f, prune, NULL);
  g_assert_null (berth_test_docker (NULL, "volume", "inspect", unused, NULL));
}

static void
test_networks (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *name = berth_test_unique_name ("net");
  g_autofree char *unused = berth_test_unique_name ("unusednet");
  g_autofree char *subnet = NULL;
  g_autoptr (BerthOperation) create = berth_operation_new (BERTH_OPERATION_NETWORK_CREATE, name, NULL);
  g_autoptr (BerthOperation) rm = NULL, bridge = NULL, prune = NULL;
  g_autoptr (JsonNode) node = NULL, gone = NULL, report = NULL, refused = NULL;
  g_autoptr (GError) error = NULL;

  if (f->engine == NULL)
    return;

  create->subnet = g_strdup ("10.219.33.0/24");
  create->gateway = g_strdup ("10.219.33.1");
  create->internal = TRUE;
  node = run_op (f, create, NULL);
  g_assert_true (json_object_has_member (json_node_get_object (node), "Id"));
  subnet = berth_test_docker_ok ("network", "inspect", "-f",
                                 "{{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}} {{.Internal}}",
                                 name, NULL);
  g_assert_cmpstr (subnet, ==, "10.219.33.0/24 10.219.33.1 true");

  /* Creating it twice is refused with the engine's own words. */
  node = run_op (f, create, &error);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, name));
  g_clear_error (&error);

  rm = berth_operation_new (BERTH_OPERATION_NETWORK_REMOVE, name, NULL);
  gone = run_op (f, rm, NULL);
  g_assert_null (berth_test_docker (NULL, "network", "inspect", name, NULL));

  bridge = berth_operation_new (BERTH_OPERATION_NETWORK_REMOVE, "bridge", NULL);
  refused = run_op (f, bridge, &error);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_FORBIDDEN);
  g_assert_nonnull (strstr (error->message, "bridge"));

  g_free (berth_test_docker_ok ("network", "create", unused, NULL));
  prune = berth_operation_new (BERTH_OPERATION_NETWORK_PRUNE, NULL, NULL);
  report = run_op (f, prune, NULL);
  g_assert_null (berth_test_docker (NULL, "network", "inspect", unused, NULL));
}

int
main (int   argc,
      char *argv[])
{
  berth_test_init (&argc, &argv);

  g_test_add_func ("/engine/unreachable", test_unreachable);
  g_test_add_func ("/engine/api-version-compare", test_api_version_compare);
#define ADD(path, func) \
  g_test_add ("/engine/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("connect", test_connect);
  ADD ("list-and-inspect", test_list_and_inspect);
  ADD ("container-lifecycle", test_container_lifecycle);
  ADD ("container-errors", test_container_errors);
  ADD ("invalid-not-sent", test_invalid_not_sent);
  ADD ("images", test_images);
  ADD ("volumes", test_volumes);
  ADD ("networks", test_networks);
#undef ADD

  return g_test_run ();
}
