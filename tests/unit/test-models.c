/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "berth-container.h"
#include "berth-engine-enums.h"
#include "berth-engine-error.h"
#include "berth-event-monitor.h"
#include "berth-image.h"
#include "berth-json-private.h"
#include "berth-network.h"
#include "berth-resource-list-private.h"
#include "berth-test-util.h"
#include "berth-volume.h"

/* Fixtures were recorded from a real dockerd 20.10 (API 1.41): a paused
 * container "web" with ports, a bind, a named volume and two networks; a
 * created "stopped-one" with an anonymous volume; an "exited" one. */

static BerthResourceList *
list_from_fixture (BerthResourceKind  kind,
                   const char        *fixture)
{
  g_autoptr (BerthEndpoint) endpoint = berth_endpoint_new_for_address ("unix:///nonexistent.sock", NULL);
  g_autoptr (BerthEngine) engine = berth_engine_new (endpoint);
  g_autoptr (JsonNode) root = berth_test_load_fixture (fixture);
  g_autoptr (GError) error = NULL;
  BerthResourceList *list = berth_resource_list_new (engine, kind);

  g_assert_true (_berth_resource_list_merge_answer (list, root, &error));
  g_assert_no_error (error);
  return list;
}

static BerthContainer *
find_container (GListModel *list,
                const char *name)
{
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr (BerthContainer) c = g_list_model_get_item (list, i);

      if (g_strcmp0 (berth_container_get_name (c), name) == 0)
        return c;
    }
  g_error ("No container %s in the fixture", name);
}

static void
test_containers (void)
{
  g_autoptr (BerthResourceList) list = list_from_fixture (BERTH_RESOURCE_KIND_CONTAINER, "docker-containers.json");
  BerthContainer *web, *created, *exited;
  GPtrArray *ports, *mounts;
  const BerthPort *port;
  g_autofree char *port0 = NULL, *port1 = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 3);

  web = find_container (G_LIST_MODEL (list), "web");
  g_assert_cmpint (berth_container_get_state (web), ==, BERTH_CONTAINER_STATE_PAUSED);
  g_assert_true (berth_container_is_active (web));
  g_assert_cmpstr (berth_container_get_image (web), ==, "berth-test/busybox");
  g_assert_true (g_str_has_prefix (berth_container_get_image_id (web), "sha256:"));
  g_assert_cmpstr (berth_container_get_command (web), ==, "httpd -f -p 80");
  g_assert_cmpstr (berth_container_get_compose_project (web), ==, "shop");
  g_assert_nonnull (strstr (berth_container_get_status (web), "Paused"));
  g_assert_cmpint (berth_container_get_created (web), >, 1700000000);
  g_assert_cmpuint (strlen (berth_resource_get_short_id (BERTH_RESOURCE (web))), ==, 12);

  /* IPv4 and IPv6 bindings of 18080 are one port to people. */
  ports = berth_container_get_ports (web);
  g_assert_cmpuint (ports->len, ==, 2);
  port = g_ptr_array_index (ports, 0);
  g_assert_cmpuint (port->private_port, ==, 80);
  g_assert_cmpuint (port->public_port, ==, 18080);
  port0 = berth_port_to_string (g_ptr_array_index (ports, 0));
  port1 = berth_port_to_string (g_ptr_array_index (ports, 1));
  g_assert_cmpstr (port0, ==, "18080→80/tcp");
  g_assert_cmpstr (port1, ==, "127.0.0.1:18443→443/udp");

  mounts = berth_container_get_mounts (web);
  g_assert_cmpuint (mounts->len, ==, 2);
  g_assert_cmpstrv (berth_container_get_networks (web), ((const char *[]) { "bridge", "tnet", NULL }));

  created = find_container (G_LIST_MODEL (list), "stopped-one");
  g_assert_cmpint (berth_container_get_state (created), ==, BERTH_CONTAINER_STATE_CREATED);
  g_assert_false (berth_container_is_active (created));
  g_assert_null (berth_container_get_compose_project (created));

  exited = find_container (G_LIST_MODEL (list), "exited");
  g_assert_cmpint (berth_container_get_state (exited), ==, BERTH_CONTAINER_STATE_EXITED);
  g_assert_true (g_str_has_prefix (berth_container_get_status (exited), "Exited (3)"));

  /* Search: name, image, id prefix, compose project; case-insensitive. */
  g_assert_true (berth_resource_matches (BERTH_RESOURCE (web), "WEB"));
  g_assert_true (berth_resource_matches (BERTH_RESOURCE (web), "busybox"));
  g_assert_true (berth_resource_matches (BERTH_RESOURCE (web), "shop"));
  g_assert_true (berth_resource_matches (BERTH_RESOURCE (web),
                                         berth_resource_get_short_id (BERTH_RESOURCE (web))));
  g_assert_false (berth_resource_matches (BERTH_RESOURCE (web), "exited"));
  g_assert_true (berth_resource_matches (BERTH_RESOURCE (web), ""));
}

static void
test_images (void)
{
  g_autoptr (BerthResourceList) list = list_from_fixture (BERTH_RESOURCE_KIND_IMAGE, "docker-images.json");
  g_autoptr (BerthImage) image = g_list_model_get_item (G_LIST_MODEL (list), 0);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), >=, 1);
  g_assert_cmpstr (berth_image_get_repository (image), ==, "berth-test/busybox");
  g_assert_false (berth_image_get_dangling (image));
  g_assert_cmpint (berth_image_get_size (image), >, 100000);
  g_assert_true (berth_resource_matches (BERTH_RESOURCE (image), "busy"));
}

static void
test_image_references (void)
{
  g_autoptr (JsonNode) node = json_from_string ("{\"Id\":\"sha256:0123456789abcdef0123\","
                                                "\"RepoTags\":[\"localhost:5000/team/app:1.0\",\"app:latest\"],"
                                                "\"RepoDigests\":[],\"Created\":1,\"Size\":2}", NULL);
  g_autoptr (JsonNode) dangling = json_from_string ("{\"Id\":\"sha256:fedcba9876543210\","
                                                    "\"RepoTags\":[\"<none>:<none>\"],"
                                                    "\"RepoDigests\":[\"<none>@<none>\"]}", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (BerthImage) image = berth_image_new_from_json (json_node_get_object (node), &error);
  g_autoptr (BerthImage) none = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (berth_image_get_repository (image), ==, "localhost:5000/team/app");
  g_assert_cmpstr (berth_image_get_tag (image), ==, "1.0");
  g_assert_cmpstr (berth_resource_get_short_id (BERTH_RESOURCE (image)), ==, "0123456789ab");
  g_assert_cmpstr (berth_resource_get_display_name (BERTH_RESOURCE (image)), ==, "localhost:5000/team/app:1.0");

  none = berth_image_new_from_json (json_node_get_object (dangling), &error);
  g_assert_no_error (error);
  g_assert_true (berth_image_get_dangling (none));
  g_assert_cmpuint (g_strv_length ((char **) berth_image_get_tags (none)), ==, 0);
  g_assert_null (berth_image_get_repository (none));
  g_assert_cmpstr (berth_resource_get_display_name (BERTH_RESOURCE (none)), ==, "fedcba987654");
}

static void
test_volumes (void)
{
  g_autoptr (BerthResourceList) list = list_from_fixture (BERTH_RESOURCE_KIND_VOLUME, "docker-volumes.json");
  BerthVolume *data, *anon = NULL;

  data = BERTH_VOLUME (berth_resource_list_lookup (list, "data"));
  g_assert_nonnull (data);
  g_assert_cmpstr (berth_volume_get_driver (data), ==, "local");
  g_assert_true (g_str_has_suffix (berth_volume_get_mountpoint (data), "/volumes/data/_data"));
  g_assert_cmpint (berth_volume_get_created (data), >, 1700000000);
  g_assert_false (berth_volume_get_anonymous (data));

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr (BerthVolume) v = g_list_model_get_item (G_LIST_MODEL (list), i);

      if (berth_volume_get_anonymous (v))
        anon = v;
    }
  g_assert_nonnull (anon);
}

static void
test_networks (void)
{
  g_autoptr (BerthResourceList) list = list_from_fixture (BERTH_RESOURCE_KIND_NETWORK, "docker-networks.json");
  guint builtin = 0;
  BerthNetwork *tnet = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr (BerthNetwork) n = g_list_model_get_item (G_LIST_MODEL (list), i);

      builtin += berth_network_get_builtin (n);
      if (g_strcmp0 (berth_network_get_name (n), "tnet") == 0)
        tnet = n;
    }

  g_assert_cmpuint (builtin, ==, 3);
  g_assert_nonnull (tnet);
  g_assert_false (berth_network_get_builtin (tnet));
  g_assert_cmpstr (berth_network_get_driver (tnet), ==, "bridge");
  g_assert_cmpstrv (berth_network_get_subnets (tnet), ((const char *[]) { "10.77.0.0/24", NULL }));
}

/* Wrongly typed or missing fields are a GError naming the field, never a
 * crash; the other items of the list still load. */
static void
test_bad_fields (void)
{
  static const struct { const char *json, *member; } cases[] = {
    { "{\"Names\":[\"/x\"]}", "Id" },
    { "{\"Id\":42}", "Id" },
    { "{\"Id\":\"a\",\"Names\":\"/x\"}", "Names" },
    { "{\"Id\":\"a\",\"Names\":[1]}", "Names" },
    { "{\"Id\":\"a\",\"Created\":\"yesterday\"}", "Created" },
    { "{\"Id\":\"a\",\"Ports\":[{\"PrivatePort\":\"80\"}]}", "PrivatePort" },
    { "{\"Id\":\"a\",\"Ports\":[{}]}", "PrivatePort" },
    { "{\"Id\":\"a\",\"Ports\":{}}", "Ports" },
    { "{\"Id\":\"a\",\"Labels\":{\"k\":1}}", "Labels" },
    { "{\"Id\":\"a\",\"Mounts\":[{\"RW\":\"yes\"}]}", "RW" },
    { "{\"Id\":\"a\",\"NetworkSettings\":{\"Networks\":[]}}", "Networks" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (JsonNode) node = json_from_string (cases[i].json, NULL);
      g_autoptr (GError) error = NULL;
      g_autoptr (BerthContainer) c = berth_container_new_from_json (json_node_get_object (node), &error);

      g_assert_null (c);
      g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_DATA);
      if (strstr (error->message, cases[i].member) == NULL)
        g_error ("%s: “%s” does not name %s", cases[i].json, error->message, cases[i].member);
    }
}

static void
test_bad_list (void)
{
  g_autoptr (BerthEndpoint) endpoint = berth_endpoint_new_for_address ("/nonexistent.sock", NULL);
  g_autoptr (BerthEngine) engine = berth_engine_new (endpoint);
  g_autoptr (BerthResourceList) list = berth_resource_list_new (engine, BERTH_RESOURCE_KIND_CONTAINER);
  g_autoptr (JsonNode) mixed = json_from_string ("[{\"Id\":\"good\",\"Names\":[\"/ok\"]},"
                                                 "{\"Id\":\"bad\",\"Created\":\"x\"}, 17]", NULL);
  g_autoptr (JsonNode) not_a_list = json_from_string ("{\"message\":\"oops\"}", NULL);
  g_autoptr (GError) error = NULL;

  g_assert_false (_berth_resource_list_merge_answer (list, mixed, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_DATA);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  g_clear_error (&error);

  g_assert_false (_berth_resource_list_merge_answer (list, not_a_list, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_DATA);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
}

typedef struct
{
  guint added;
  guint removed;
  guint calls;
} Changes;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Changes    *changes)
{
  changes->added += added;
  changes->removed += removed;
  changes->calls++;
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

/* A refresh updates objects in place: the same object, new values, one
 * notify per changed property, and items-changed only for adds/removes. */
static void
test_merge_in_place (void)
{
  g_autoptr (BerthEndpoint) endpoint = berth_endpoint_new_for_address ("/nonexistent.sock", NULL);
  g_autoptr (BerthEngine) engine = berth_engine_new (endpoint);
  g_autoptr (BerthResourceList) list = berth_resource_list_new (engine, BERTH_RESOURCE_KIND_CONTAINER);
  g_autoptr (JsonNode) first = json_from_string ("[{\"Id\":\"a\",\"Names\":[\"/one\"],\"State\":\"running\",\"Status\":\"Up 1 second\"},"
                                                 "{\"Id\":\"b\",\"Names\":[\"/two\"],\"State\":\"exited\"},"
                                                 "{\"Id\":\"c\",\"Names\":[\"/three\"],\"State\":\"exited\"}]", NULL);
  g_autoptr (JsonNode) second = json_from_string ("[{\"Id\":\"a\",\"Names\":[\"/one\"],\"State\":\"exited\",\"Status\":\"Exited (0)\"},"
                                                  "{\"Id\":\"c\",\"Names\":[\"/three\"],\"State\":\"exited\"},"
                                                  "{\"Id\":\"d\",\"Names\":[\"/four\"],\"State\":\"created\"}]", NULL);
  Changes changes = { 0 };
  guint state_notifies = 0, name_notifies = 0;
  BerthResource *a, *c;

  g_assert_true (_berth_resource_list_merge_answer (list, first, NULL));
  a = berth_resource_list_lookup (list, "a");
  c = berth_resource_list_lookup (list, "c");
  g_object_add_weak_pointer (G_OBJECT (a), (gpointer *) &a);
  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), &changes);
  g_signal_connect (a, "notify::state", G_CALLBACK (count_notify_cb), &state_notifies);
  g_signal_connect (a, "notify::name", G_CALLBACK (count_notify_cb), &name_notifies);

  g_assert_true (_berth_resource_list_merge_answer (list, second, NULL));

  g_assert_true (berth_resource_list_lookup (list, "a") == a);
  g_assert_true (berth_resource_list_lookup (list, "c") == c);
  g_assert_null (berth_resource_list_lookup (list, "b"));
  g_assert_nonnull (berth_resource_list_lookup (list, "d"));
  g_assert_cmpint (berth_container_get_state (BERTH_CONTAINER (a)), ==, BERTH_CONTAINER_STATE_EXITED);
  g_assert_cmpuint (state_notifies, ==, 1);
  g_assert_cmpuint (name_notifies, ==, 0);
  g_assert_cmpuint (changes.added, ==, 1);
  g_assert_cmpuint (changes.removed, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 3);

  /* The same answer again changes nothing at all. */
  state_notifies = 0;
  changes = (Changes) { 0 };
  g_assert_true (_berth_resource_list_merge_answer (list, second, NULL));
  g_assert_cmpuint (changes.calls, ==, 0);
  g_assert_cmpuint (state_notifies, ==, 0);

  g_clear_object (&list);
  g_assert_null (a);
}

static gboolean
values_equal (GParamSpec   *pspec,
              const GValue *a,
              const GValue *b)
{
  GType type = G_VALUE_TYPE (a);

  if (type == G_TYPE_STRV)
    return _berth_strv_equal (g_value_get_boxed (a), g_value_get_boxed (b));
  if (type == G_TYPE_PTR_ARRAY)
    {
      GPtrArray *pa = g_value_get_boxed (a), *pb = g_value_get_boxed (b);

      return (pa ? pa->len : 0) == (pb ? pb->len : 0);
    }
  return g_param_values_cmp (pspec, a, b) == 0;
}

static void
record_notify_cb (GObject    *object,
                  GParamSpec *pspec,
                  GHashTable *notified)
{
  g_hash_table_add (notified, (gpointer) pspec->name);
}

/* Each fixture's item @to, with @from's id and the members of @extra: a
 * refresh that finds @from changed into that must leave it with every one
 * of the new values, notifying exactly the properties that changed. */
static void
check_update_from (BerthResourceKind  kind,
                   const char        *fixture,
                   guint              from,
                   guint              to,
                   const char        *extra,
                   guint              min_changed)
{
  g_autoptr (JsonNode) extra_node = json_from_string (extra, NULL);
  g_autoptr (JsonNode) root = berth_test_load_fixture (fixture);
  g_autoptr (GPtrArray) items = _berth_resource_list_items_from_answer (kind, root, NULL);
  g_autoptr (GHashTable) notified = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (JsonNode) changed = NULL;
  g_autoptr (BerthResource) fresh = NULL, expected = NULL;
  g_autofree GParamSpec **pspecs = NULL;
  JsonArray *array;
  JsonObject *object;
  BerthResource *item;
  guint n_pspecs, n_changed = 0;

  g_assert_nonnull (items);
  item = g_ptr_array_index (items, from);

  /* Item @to with @from's id. */
  array = JSON_NODE_HOLDS_ARRAY (root) ? json_node_get_array (root)
                                       : json_object_get_array_member (json_node_get_object (root), "Volumes");
  changed = json_node_copy (json_array_get_element (array, to));
  object = json_node_get_object (changed);
  json_object_set_string_member (object, kind == BERTH_RESOURCE_KIND_VOLUME ? "Name" : "Id",
                                 berth_resource_get_id (item));
  {
    JsonObjectIter iter;
    const char *member;
    JsonNode *value;

    json_object_iter_init (&iter, json_node_get_object (extra_node));
    while (json_object_iter_next (&iter, &member, &value))
      json_object_set_member (object, member, json_node_copy (value));
  }
  {
    g_autoptr (JsonArray) one = json_array_new ();
    g_autoptr (JsonNode) list = NULL;
    g_autoptr (GPtrArray) made = NULL, made_again = NULL;

    json_array_add_element (one, json_node_ref (changed));
    if (kind == BERTH_RESOURCE_KIND_VOLUME)
      {
        g_autoptr (JsonObject) wrapper = json_object_new ();

        json_object_set_array_member (wrapper, "Volumes", json_array_ref (one));
        list = json_node_init_object (json_node_alloc (), wrapper);
      }
    else
      list = json_node_init_array (json_node_alloc (), one);
    made = _berth_resource_list_items_from_answer (kind, list, NULL);
    made_again = _berth_resource_list_items_from_answer (kind, list, NULL);
    g_assert_cmpuint (made->len, ==, 1);
    fresh = g_object_ref (g_ptr_array_index (made, 0));
    expected = g_object_ref (g_ptr_array_index (made_again, 0));
  }

  g_signal_connect (item, "notify", G_CALLBACK (record_notify_cb), notified);
  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (item), &n_pspecs);
  {
    g_autoptr (GPtrArray) before = g_ptr_array_new_with_free_func (g_free);

    for (guint i = 0; i < n_pspecs; i++)
      {
        GValue *value = g_new0 (GValue, 1);

        g_value_init (value, pspecs[i]->value_type);
        g_object_get_property (G_OBJECT (item), pspecs[i]->name, value);
        g_ptr_array_add (before, value);
      }

    berth_resource_update_from (item, fresh);

    for (guint i = 0; i < n_pspecs; i++)
      {
        g_auto (GValue) after = G_VALUE_INIT;
        g_auto (GValue) wanted = G_VALUE_INIT;
        GValue *old = g_ptr_array_index (before, i);
        gboolean did_change;

        g_value_init (&after, pspecs[i]->value_type);
        g_value_init (&wanted, pspecs[i]->value_type);
        g_object_get_property (G_OBJECT (item), pspecs[i]->name, &after);
        g_object_get_property (G_OBJECT (expected), pspecs[i]->name, &wanted);

        g_test_message ("%s: %s", G_OBJECT_TYPE_NAME (item), pspecs[i]->name);
        g_assert_true (values_equal (pspecs[i], &after, &wanted));
        did_change = !values_equal (pspecs[i], old, &after);
        g_assert_cmpint (did_change, ==, g_hash_table_contains (notified, pspecs[i]->name));
        n_changed += did_change;
        g_value_unset (old);
      }
  }

  /* The fixtures' items differ enough for this to mean something. */
  g_assert_cmpuint (n_changed, >=, min_changed);
}

static void
test_update_from (void)
{
  check_update_from (BERTH_RESOURCE_KIND_CONTAINER, "docker-containers.json", 0, 2,
                     "{\"Image\":\"nginx:1.25\",\"ImageID\":\"sha256:0f0f\"}", 15);
  check_update_from (BERTH_RESOURCE_KIND_IMAGE, "docker-images.json", 0, 1, "{}", 6);
  check_update_from (BERTH_RESOURCE_KIND_VOLUME, "docker-volumes.json", 0, 1,
                     "{\"Driver\":\"nfs\",\"CreatedAt\":\"2026-11-30T10:00:00Z\","
                     "\"Labels\":{\"backup\":\"daily\"}}", 4);
  check_update_from (BERTH_RESOURCE_KIND_NETWORK, "docker-networks.json", 0, 1,
                     "{\"Internal\":true,\"Scope\":\"swarm\",\"Labels\":{\"team\":\"web\"}}", 8);
}

/* The preload's worker makes the items of an answer itself; the list then
 * takes those very objects, in one change, and only while it has not read
 * the list itself. */
static void
test_items_from_answer (void)
{
  g_autoptr (BerthEndpoint) endpoint = berth_endpoint_new_for_address ("/nonexistent.sock", NULL);
  g_autoptr (BerthEngine) engine = berth_engine_new (endpoint);
  g_autoptr (BerthResourceList) list = berth_resource_list_new (engine, BERTH_RESOURCE_KIND_CONTAINER);
  g_autoptr (JsonNode) mixed = json_from_string ("[{\"Id\":\"good\",\"Names\":[\"/ok\"]},"
                                                 "{\"Id\":\"bad\",\"Created\":\"x\"}, 17,"
                                                 "{\"Names\":[\"/no-id\"]},"
                                                 "{\"Id\":\"also-good\",\"Names\":[\"/fine\"]}]", NULL);
  g_autoptr (JsonNode) not_a_list = json_from_string ("{\"message\":\"oops\"}", NULL);
  g_autoptr (JsonNode) newer = json_from_string ("[{\"Id\":\"newer\",\"Names\":[\"/n\"]}]", NULL);
  g_autoptr (GPtrArray) items = NULL;
  g_autoptr (GPtrArray) late = NULL;
  g_autoptr (GError) error = NULL;
  Changes changes = { 0 };

  items = _berth_resource_list_items_from_answer (BERTH_RESOURCE_KIND_CONTAINER, mixed, &error);
  g_assert_no_error (error);
  g_assert_nonnull (items);
  g_assert_cmpuint (items->len, ==, 2);
  g_assert_true (BERTH_IS_CONTAINER (g_ptr_array_index (items, 0)));
  g_assert_cmpstr (berth_resource_get_id (g_ptr_array_index (items, 0)), ==, "good");
  g_assert_cmpstr (berth_resource_get_id (g_ptr_array_index (items, 1)), ==, "also-good");

  g_assert_null (_berth_resource_list_items_from_answer (BERTH_RESOURCE_KIND_CONTAINER, not_a_list, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_DATA);

  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), &changes);
  _berth_resource_list_preload (list, items);
  g_assert_true (berth_resource_list_get_loaded (list));
  g_assert_cmpuint (changes.calls, ==, 1);
  g_assert_cmpuint (changes.added, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  g_assert_true (berth_resource_list_lookup (list, "good") == g_ptr_array_index (items, 0));
  g_assert_true (berth_resource_list_lookup (list, "also-good") == g_ptr_array_index (items, 1));

  /* Once loaded, a late preload is older than what the list has. */
  late = _berth_resource_list_items_from_answer (BERTH_RESOURCE_KIND_CONTAINER, newer, NULL);
  _berth_resource_list_preload (list, late);
  g_assert_null (berth_resource_list_lookup (list, "newer"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
}

static gboolean
count_element_cb (JsonNode  *element,
                  gpointer   user_data,
                  GError   **error)
{
  GPtrArray *seen = user_data;

  /* Each element is parsed on its own: it is a tree's root, not an
   * element of a parsed array. */
  g_assert_null (json_node_get_parent (element));
  g_ptr_array_add (seen, json_to_string (element, FALSE));
  if (seen->len == 3 && JSON_NODE_HOLDS_VALUE (element) &&
      g_strcmp0 (json_node_get_string (element), "stop here") == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "stopped");
      return FALSE;
    }
  return TRUE;
}

static GBytes *
bytes_of (const char *text)
{
  return g_bytes_new_static (text, strlen (text));
}

/* Long lists are parsed one element at a time; what is not a well-formed
 * array is parsed whole, for json-glib's own verdict. */
static void
test_parse_elements (void)
{
  static const char *tricky =
    " \n[ {\"a\":\"],}{[\\\"\\\\\",\"b\":[1,[2,{}]]} ,\n\"x,]\" , 42, true,null,[],{},\"\\\\\"  ]\n ";
  static const char *expected[] = {
    "{\"a\":\"],}{[\\\"\\\\\",\"b\":[1,[2,{}]]}", "\"x,]\"", "42", "true", "null", "[]", "{}", "\"\\\\\"",
  };
  static const char *malformed[] = {
    "[{\"a\":1} {\"b\":2}]",          /* no comma */
    "[{\"a\":1}] trailing",           /* text after the array */
    "[{\"a\":1}",                     /* never closed */
    "[{\"a\":\"unterminated}]",      /* a string never closed */
    "[1,,2]",                         /* an empty element */
    "[{\"a\":1},{\"b\":}]",           /* an element json-glib refuses */
    /* Found by tests/fuzz/fuzz-json-elements: json-glib reads these
     * elements alone but not inside an array. */
    "[$]",                            /* not a value */
    "[11111111 {\"b\":1}]",          /* two values, no comma */
    "\f[1]",                          /* a form feed is not JSON space */
  };
  g_autoptr (GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (JsonNode) root = NULL;
  gboolean was_array = FALSE;

  bytes = bytes_of (tricky);
  g_assert_null (_berth_json_parse_elements (bytes, count_element_cb, seen, &was_array, &error));
  g_assert_no_error (error);
  g_assert_true (was_array);
  g_assert_cmpuint (seen->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (g_ptr_array_index (seen, i), ==, expected[i]);

  g_ptr_array_set_size (seen, 0);
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = bytes_of ("  [ ]  ");
  g_assert_null (_berth_json_parse_elements (bytes, count_element_cb, seen, &was_array, &error));
  g_assert_no_error (error);
  g_assert_true (was_array);
  g_assert_cmpuint (seen->len, ==, 0);

  /* Not an array: parsed whole and handed back. */
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = bytes_of ("{\"Volumes\":[{\"Name\":\"v\"}]}");
  root = _berth_json_parse_elements (bytes, count_element_cb, seen, &was_array, &error);
  g_assert_no_error (error);
  g_assert_false (was_array);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  g_assert_cmpuint (seen->len, ==, 0);

  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = bytes_of ("");
  g_assert_null (_berth_json_parse_elements (bytes, count_element_cb, seen, &was_array, &error));
  g_assert_no_error (error);
  g_assert_false (was_array);

  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_autoptr (GBytes) bad = bytes_of (malformed[i]);

      g_test_message ("malformed: %s", malformed[i]);
      g_assert_null (_berth_json_parse_elements (bad, count_element_cb, seen, &was_array, &error));
      g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_DATA);
      g_assert_false (was_array);
      g_clear_error (&error);
    }

  /* The caller's callback stops the reading with its error. */
  g_ptr_array_set_size (seen, 0);
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = bytes_of ("[1, 2, \"stop here\", 4]");
  g_assert_null (_berth_json_parse_elements (bytes, count_element_cb, seen, &was_array, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpuint (seen->len, ==, 3);
}

/* What the preload's worker and a full refresh make of an unparsed answer. */
static void
test_items_from_body (void)
{
  static const char *mixed =
    "[{\"Id\":\"good\",\"Names\":[\"/ok\"],\"Command\":\"sh -c \\\"echo ],}\\\"\"},"
    "{\"Id\":\"bad\",\"Created\":\"x\"}, 17,"
    "{\"Names\":[\"/no-id\"]},"
    "{\"Id\":\"also-good\",\"Names\":[\"/fine\"]}]";
  g_autoptr (GBytes) body = bytes_of (mixed);
  g_autoptr (GBytes) volumes = bytes_of ("{\"Volumes\":[{\"Name\":\"v1\",\"Driver\":\"local\"}],\"Warnings\":null}");
  g_autoptr (GBytes) no_volumes = bytes_of ("{\"Volumes\":null,\"Warnings\":null}");
  g_autoptr (GBytes) not_a_list = bytes_of ("{\"message\":\"oops\"}");
  g_autoptr (GBytes) broken = bytes_of ("[{\"Id\":\"good\",\"Names\":[\"/ok\"]},{\"Id\":");
  g_autoptr (GPtrArray) items = NULL;
  g_autoptr (GError) item_error = NULL;
  g_autoptr (GError) error = NULL;

  items = _berth_resource_list_items_from_body (BERTH_RESOURCE_KIND_CONTAINER, body, &item_error, &error);
  g_assert_no_error (error);
  g_assert_nonnull (items);
  g_assert_cmpuint (items->len, ==, 2);
  g_assert_cmpstr (berth_resource_get_id (g_ptr_array_index (items, 0)), ==, "good");
  g_assert_cmpstr (berth_container_get_command (g_ptr_array_index (items, 0)), ==, "sh -c \"echo ],}\"");
  g_assert_cmpstr (berth_resource_get_id (g_ptr_array_index (items, 1)), ==, "also-good");
  /* The first item that could not be read is told. */
  g_assert_error (item_error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (item_error->message, "Created"));
  g_clear_pointer (&items, g_ptr_array_unref);

  items = _berth_resource_list_items_from_body (BERTH_RESOURCE_KIND_VOLUME, volumes, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 1);
  g_assert_true (BERTH_IS_VOLUME (g_ptr_array_index (items, 0)));
  g_assert_cmpstr (berth_resource_get_id (g_ptr_array_index (items, 0)), ==, "v1");
  g_clear_pointer (&items, g_ptr_array_unref);

  items = _berth_resource_list_items_from_body (BERTH_RESOURCE_KIND_VOLUME, no_volumes, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 0);
  g_clear_pointer (&items, g_ptr_array_unref);

  g_assert_null (_berth_resource_list_items_from_body (BERTH_RESOURCE_KIND_CONTAINER, not_a_list, NULL, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_DATA);
  g_clear_error (&error);

  /* Cut off: nothing, not the items before the cut. */
  g_assert_null (_berth_resource_list_items_from_body (BERTH_RESOURCE_KIND_CONTAINER, broken, NULL, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_DATA);
}

static void
test_events (void)
{
  g_autofree char *path = berth_test_fixture_path ("docker-events.jsonl");
  g_autofree char *contents = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (GError) error = NULL;
  guint containers = 0, volumes = 0, images = 0;
  gboolean saw_exec_free_start = FALSE;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr (JsonNode) node = NULL;
      g_autoptr (BerthEvent) event = NULL;

      if (*lines[i] == '\0')
        continue;
      node = json_from_string (lines[i], &error);
      g_assert_no_error (error);
      event = berth_event_new_from_json (json_node_get_object (node), &error);
      g_assert_no_error (error);

      g_assert_null (strchr (event->action, ':'));
      g_assert_cmpint (event->time_nano, >, 0);
      containers += g_str_equal (event->type, "container");
      volumes += g_str_equal (event->type, "volume");
      images += g_str_equal (event->type, "image");
      if (g_str_equal (event->type, "container") && g_str_equal (event->action, "start"))
        {
          g_assert_cmpstr (berth_event_get_attribute (event, "name"), ==, "evt");
          saw_exec_free_start = TRUE;
        }
    }

  g_assert_true (saw_exec_free_start);
  g_assert_cmpuint (containers, >=, 4);
  g_assert_cmpuint (volumes, >=, 2);
  g_assert_cmpuint (images, >=, 2);
}

static void
test_event_detail (void)
{
  g_autoptr (JsonNode) node = json_from_string ("{\"Type\":\"container\",\"Action\":\"exec_start: sh -c ls\","
                                                "\"Actor\":{\"ID\":\"abc\",\"Attributes\":{\"name\":\"web\",\"n\":1}}}", NULL);
  g_autoptr (JsonNode) bad = json_from_string ("{\"Type\":\"container\"}", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (BerthEvent) event = berth_event_new_from_json (json_node_get_object (node), &error);
  g_autoptr (BerthEvent) none = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (event->action, ==, "exec_start");
  g_assert_cmpstr (event->id, ==, "abc");
  g_assert_cmpstr (berth_event_get_attribute (event, "name"), ==, "web");
  g_assert_null (berth_event_get_attribute (event, "n"));

  none = berth_event_new_from_json (json_node_get_object (bad), &error);
  g_assert_null (none);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_DATA);
}

/* Podman's compat API answers in the same shapes, with its own values. */
static void
test_podman (void)
{
  g_autoptr (BerthResourceList) containers = list_from_fixture (BERTH_RESOURCE_KIND_CONTAINER, "podman-containers.json");
  g_autoptr (BerthResourceList) images = list_from_fixture (BERTH_RESOURCE_KIND_IMAGE, "podman-images.json");
  g_autoptr (BerthResourceList) volumes = list_from_fixture (BERTH_RESOURCE_KIND_VOLUME, "podman-volumes.json");
  g_autoptr (BerthResourceList) networks = list_from_fixture (BERTH_RESOURCE_KIND_NETWORK, "podman-networks.json");
  BerthContainer *created = find_container (G_LIST_MODEL (containers), "berth-test-created");
  g_autoptr (BerthImage) image = g_list_model_get_item (G_LIST_MODEL (images), 0);
  BerthVolume *volume = BERTH_VOLUME (berth_resource_list_lookup (volumes, "berth-test-volume"));

  g_assert_cmpint (berth_container_get_state (created), ==, BERTH_CONTAINER_STATE_CREATED);
  g_assert_cmpstr (berth_container_get_image (created), ==, "docker.io/berth-test/busybox:latest");
  g_assert_cmpstr (berth_image_get_repository (image), ==, "docker.io/berth-test/busybox");
  g_assert_nonnull (volume);
  g_assert_cmpint (berth_volume_get_created (volume), >, 1700000000);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (networks)), ==, 2);
}

static void
test_error_from_response (void)
{
  static const char docker_body[] = "{\"message\":\"You cannot remove a running container\"}";
  static const char text_body[] = "  page not found\n";
  g_autoptr (GBytes) docker = g_bytes_new_static (docker_body, strlen (docker_body));
  g_autoptr (GBytes) text = g_bytes_new_static (text_body, strlen (text_body));
  g_autoptr (GError) conflict = berth_engine_error_from_response (409, "Conflict", docker);
  g_autoptr (GError) missing = berth_engine_error_from_response (404, "Not Found", text);
  g_autoptr (GError) empty = berth_engine_error_from_response (500, "Internal Server Error", NULL);

  g_assert_error (conflict, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_CONFLICT);
  g_assert_cmpstr (conflict->message, ==, "You cannot remove a running container");
  g_assert_error (missing, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND);
  g_assert_cmpstr (missing->message, ==, "page not found");
  g_assert_error (empty, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_SERVER);
  g_assert_nonnull (strstr (empty->message, "500"));
}

int
main (int   argc,
      char *argv[])
{
  berth_test_init (&argc, &argv);

  g_test_add_func ("/models/containers", test_containers);
  g_test_add_func ("/models/images", test_images);
  g_test_add_func ("/models/image-references", test_image_references);
  g_test_add_func ("/models/volumes", test_volumes);
  g_test_add_func ("/models/networks", test_networks);
  g_test_add_func ("/models/bad-fields", test_bad_fields);
  g_test_add_func ("/models/bad-list", test_bad_list);
  g_test_add_func ("/models/merge-in-place", test_merge_in_place);
  g_test_add_func ("/models/update-from", test_update_from);
  g_test_add_func ("/models/items-from-answer", test_items_from_answer);
  g_test_add_func ("/models/parse-elements", test_parse_elements);
  g_test_add_func ("/models/items-from-body", test_items_from_body);
  g_test_add_func ("/models/events", test_events);
  g_test_add_func ("/models/event-detail", test_event_detail);
  g_test_add_func ("/models/podman", test_podman);
  g_test_add_func ("/models/error-from-response", test_error_from_response);

  return g_test_run ();
}
