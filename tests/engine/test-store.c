/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <unistd.h>

#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>

#include "berth-container.h"
#include "berth-engine-error.h"
#include "berth-image.h"
#include "berth-network.h"
#include "berth-preload.h"
#include "berth-store.h"
#include "berth-test-util.h"
#include "berth-volume.h"

/* BerthStore against the test engine: lists load, follow the engine's
 * events in place, derive usage, and survive the engine going away. */

typedef struct
{
  BerthEndpoint *endpoint;
  BerthStore    *store;
} Fixture;

static gboolean
all_loaded (BerthStore *store)
{
  for (guint kind = 0; kind <= BERTH_RESOURCE_KIND_NETWORK; kind++)
    {
      if (!berth_resource_list_get_loaded (berth_store_get_list (store, kind)))
        return FALSE;
    }
  return TRUE;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->endpoint = berth_test_get_endpoint ();
  if (f->endpoint == NULL)
    return;

  f->store = berth_store_new (f->endpoint);
  berth_store_start (f->store);
  berth_test_wait_until (all_loaded (f->store), 10000);
  g_assert_cmpint (berth_store_get_state (f->store), ==, BERTH_STORE_STATE_CONNECTED);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->store != NULL)
    g_assert_finalize_object (g_steal_pointer (&f->store));
  g_clear_object (&f->endpoint);
}

static BerthResource *
find_by_name (BerthStore        *store,
              BerthResourceKind  kind,
              const char        *name)
{
  GListModel *list = G_LIST_MODEL (berth_store_get_list (store, kind));

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr (BerthResource) item = g_list_model_get_item (list, i);

      if (g_strcmp0 (berth_resource_get_display_name (item), name) == 0)
        return item;  /* the list keeps it alive */
    }
  return NULL;
}

static void
test_initial_lists (Fixture       *f,
                    gconstpointer  data)
{
  BerthResource *image;

  if (f->store == NULL)
    return;

  image = find_by_name (f->store, BERTH_RESOURCE_KIND_IMAGE, berth_test_image ());
  g_assert_nonnull (image);
  g_assert_nonnull (find_by_name (f->store, BERTH_RESOURCE_KIND_NETWORK, "bridge"));
  g_assert_nonnull (find_by_name (f->store, BERTH_RESOURCE_KIND_NETWORK, "host"));
  g_assert_true (berth_network_get_builtin (BERTH_NETWORK (find_by_name (f->store, BERTH_RESOURCE_KIND_NETWORK, "none"))));
}

/* How many listed containers use @image, counted independently of the
 * store's own bookkeeping (other programs may use the engine meanwhile). */
static guint
count_users (BerthStore *store,
             BerthImage *image)
{
  GListModel *list = G_LIST_MODEL (berth_store_get_list (store, BERTH_RESOURCE_KIND_CONTAINER));
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr (BerthContainer) c = g_list_model_get_item (list, i);

      n += g_strcmp0 (berth_container_get_image_id (c), berth_resource_get_id (BERTH_RESOURCE (image))) == 0;
    }
  return n;
}

/* A container made with the docker CLI appears within a second; its state
 * changes on the same object; removing it removes the row. */
static void
test_events_in_place (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *name = berth_test_unique_name ("events");
  g_autofree char *id = NULL;
  BerthResourceList *containers;
  BerthContainer *container = NULL;
  BerthImage *image;
  gint64 start;

  if (f->store == NULL)
    return;

  containers = berth_store_get_list (f->store, BERTH_RESOURCE_KIND_CONTAINER);
  image = BERTH_IMAGE (find_by_name (f->store, BERTH_RESOURCE_KIND_IMAGE, berth_test_image ()));

  start = g_get_monotonic_time ();
  id = berth_test_docker_ok ("create", "--name", name, berth_test_image (), "sleep", "300", NULL);
  berth_test_wait_until ((container = (BerthContainer *) berth_resource_list_lookup (containers, id)) != NULL, 1000);
  g_test_message ("created → in the list: %" G_GINT64_FORMAT " ms", (g_get_monotonic_time () - start) / 1000);
  g_object_add_weak_pointer (G_OBJECT (container), (gpointer *) &container);

  g_assert_cmpstr (berth_container_get_name (container), ==, name);
  g_assert_cmpint (berth_container_get_state (container), ==, BERTH_CONTAINER_STATE_CREATED);
  berth_test_wait_until (berth_image_get_containers (image) == count_users (f->store, image), 1000);
  g_assert_cmpuint (berth_image_get_containers (image), >=, 1);

  start = g_get_monotonic_time ();
  g_free (berth_test_docker_ok ("start", name, NULL));
  berth_test_wait_until (berth_container_get_state (container) == BERTH_CONTAINER_STATE_RUNNING, 1000);
  g_test_message ("started → state in place: %" G_GINT64_FORMAT " ms", (g_get_monotonic_time () - start) / 1000);
  g_assert_true ((gpointer) berth_resource_list_lookup (containers, id) == (gpointer) container);

  g_free (berth_test_docker_ok ("pause", name, NULL));
  berth_test_wait_until (berth_container_get_state (container) == BERTH_CONTAINER_STATE_PAUSED, 1000);
  g_free (berth_test_docker_ok ("unpause", name, NULL));
  berth_test_wait_until (berth_container_get_state (container) == BERTH_CONTAINER_STATE_RUNNING, 1000);

  g_free (berth_test_docker_ok ("rename", name, "renamed-by-test", NULL));
  berth_test_wait_until (g_strcmp0 (berth_container_get_name (container), "renamed-by-test") == 0, 1000);

  g_free (berth_test_docker_ok ("rm", "-f", "renamed-by-test", NULL));
  berth_test_wait_until (berth_resource_list_lookup (containers, id) == NULL, 1000);
  berth_test_wait_until (berth_image_get_containers (image) == count_users (f->store, image), 1000);
  g_assert_null (container);   /* the list held the only reference */
}

/* The engine's list lags behind its events ("die" arrives while the list
 * still says running). A container that exits at once, with no network
 * events after its "die" to trigger another look, must still end up shown
 * as exited. */
static void
test_quick_exit (Fixture       *f,
                 gconstpointer  data)
{
  BerthResourceList *containers;

  if (f->store == NULL)
    return;

  containers = berth_store_get_list (f->store, BERTH_RESOURCE_KIND_CONTAINER);
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *name = berth_test_unique_name ("quick");
      g_autofree char *id = berth_test_docker_ok ("run", "-d", "--network", "none", "--name", name,
                                                  berth_test_image (), "sh", "-c", "exit 3", NULL);
      BerthContainer *container = NULL;

      berth_test_wait_until ((container = (BerthContainer *) berth_resource_list_lookup (containers, id)) != NULL &&
                             berth_container_get_state (container) == BERTH_CONTAINER_STATE_EXITED, 3000);
      g_assert_true (g_str_has_prefix (berth_container_get_status (container), "Exited (3)"));
      g_free (berth_test_docker_ok ("rm", name, NULL));
    }
}

static void
usage_changed_cb (BerthStore *store,
                  guint       kind,
                  guint      *volume_changes)
{
  if (kind == BERTH_RESOURCE_KIND_VOLUME)
    (*volume_changes)++;
}

static void
test_usage (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *name = berth_test_unique_name ("user");
  g_autofree char *volume_name = berth_test_unique_name ("uvol");
  g_autofree char *network_name = berth_test_unique_name ("unet");
  g_autofree char *mount = NULL;
  BerthVolume *volume = NULL;
  BerthNetwork *network = NULL;
  guint volume_changes = 0;

  if (f->store == NULL)
    return;

  g_signal_connect (f->store, "usage-changed", G_CALLBACK (usage_changed_cb), &volume_changes);

  g_free (berth_test_docker_ok ("volume", "create", volume_name, NULL));
  g_free (berth_test_docker_ok ("network", "create", network_name, NULL));
  berth_test_wait_until ((volume = (BerthVolume *) find_by_name (f->store, BERTH_RESOURCE_KIND_VOLUME, volume_name)) != NULL, 1000);
  berth_test_wait_until ((network = (BerthNetwork *) find_by_name (f->store, BERTH_RESOURCE_KIND_NETWORK, network_name)) != NULL, 1000);
  g_assert_cmpuint (g_strv_length ((char **) berth_volume_get_used_by (volume)), ==, 0);

  mount = g_strdup_printf ("%s:/data", volume_name);
  g_free (berth_test_docker_ok ("run", "-d", "--name", name, "-v", mount, "--network", network_name,
                                berth_test_image (), "sleep", "300", NULL));

  berth_test_wait_until (berth_volume_get_used_by (volume) != NULL &&
                         g_strv_contains (berth_volume_get_used_by (volume), name), 2000);
  /* Pages re-filter on this: "unused volumes" must not keep a used one. */
  g_assert_cmpuint (volume_changes, >, 0);
  volume_changes = 0;
  berth_test_wait_until (berth_network_get_containers (network) != NULL &&
                         g_strv_contains (berth_network_get_containers (network), name), 2000);

  g_free (berth_test_docker_ok ("rm", "-f", name, NULL));
  berth_test_wait_until (g_strv_length ((char **) berth_volume_get_used_by (volume)) == 0, 2000);
  g_assert_cmpuint (volume_changes, >, 0);
  g_signal_handlers_disconnect_by_func (f->store, usage_changed_cb, &volume_changes);
  g_free (berth_test_docker_ok ("volume", "rm", volume_name, NULL));
  g_free (berth_test_docker_ok ("network", "rm", network_name, NULL));
  berth_test_wait_until (find_by_name (f->store, BERTH_RESOURCE_KIND_VOLUME, volume_name) == NULL, 1000);
  berth_test_wait_until (find_by_name (f->store, BERTH_RESOURCE_KIND_NETWORK, network_name) == NULL, 1000);
}

static void
test_images_follow (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *tag = g_strdup_printf ("berth-test/follow:%d", (int) getpid ());
  BerthImage *image;

  if (f->store == NULL)
    return;

  image = BERTH_IMAGE (find_by_name (f->store, BERTH_RESOURCE_KIND_IMAGE, berth_test_image ()));
  g_free (berth_test_docker_ok ("tag", berth_test_image (), tag, NULL));
  berth_test_wait_until (g_strv_contains (berth_image_get_tags (image), tag), 1000);
  g_free (berth_test_docker_ok ("rmi", tag, NULL));
  berth_test_wait_until (!g_strv_contains (berth_image_get_tags (image), tag), 1000);
}

static void
run_ctl (const char *arg1,
         const char *arg2)
{
  const char *ctl = g_getenv ("BERTH_TEST_ENGINE_CTL");
  const char *argv[] = { ctl, arg1, arg2, NULL };
  g_autoptr (GError) error = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
}

/* The engine goes away and comes back: the store says so, keeps the last
 * known objects (stale), reconnects on its own and resyncs in place. */
static void
test_reconnect (Fixture       *f,
                gconstpointer  data)
{
  BerthResource *image;

  if (f->store == NULL)
    return;
  if (g_getenv ("BERTH_TEST_ENGINE_CTL") == NULL)
    {
      g_test_skip ("BERTH_TEST_ENGINE_CTL is not set");
      return;
    }

  image = find_by_name (f->store, BERTH_RESOURCE_KIND_IMAGE, berth_test_image ());
  g_object_add_weak_pointer (G_OBJECT (image), (gpointer *) &image);

  run_ctl ("stop", "--engine-only");
  berth_test_wait_until (berth_store_get_state (f->store) == BERTH_STORE_STATE_DISCONNECTED, 10000);
  g_assert_true (berth_engine_error_is_connection (berth_store_get_error (f->store)));
  g_assert_nonnull (image);
  berth_test_wait_until (berth_resource_get_stale (image), 1000);

  run_ctl ("start", NULL);
  berth_test_wait_until (berth_store_get_state (f->store) == BERTH_STORE_STATE_CONNECTED, 30000);
  berth_test_wait_until (!berth_resource_get_stale (image), 5000);
  g_assert_nonnull (image);   /* the same object, resynced in place */
  g_assert_null (berth_store_get_error (f->store));
  g_object_remove_weak_pointer (G_OBJECT (image), (gpointer *) &image);
}

/* The preloaded container @id, made off the main thread from the engine's
 * answer, or NULL. */
static BerthResource *
preloaded (GPtrArray  *containers,
           const char *id)
{
  for (guint i = 0; i < containers->len; i++)
    {
      BerthResource *item = g_ptr_array_index (containers, i);

      g_assert_true (BERTH_IS_CONTAINER (item));
      if (g_strcmp0 (berth_resource_get_id (item), id) == 0)
        return item;
    }
  return NULL;
}

static BerthPreload *
preload_and_wait (const char *address)
{
  BerthPreload *preload = berth_preload_new (address);

  berth_test_wait_until (berth_preload_get_done (preload), 10000);
  return preload;
}

/* Containers read at start-up on a worker thread seed the list before the
 * store has asked the engine anything; the store's own read, after the
 * event stream is open, then replaces them: a container removed meanwhile
 * goes, one created meanwhile comes. */
static void
test_preload (void)
{
  g_autoptr (BerthEndpoint) endpoint = berth_test_get_endpoint ();
  g_autofree char *gone_name = berth_test_unique_name ("preload-gone");
  g_autofree char *new_name = berth_test_unique_name ("preload-new");
  g_autofree char *gone = NULL;
  g_autofree char *new = NULL;
  g_autoptr (BerthPreload) preload = NULL;
  g_autoptr (BerthStore) store = NULL;
  BerthResourceList *containers;

  if (endpoint == NULL)
    return;

  gone = berth_test_docker_ok ("create", "--name", gone_name, berth_test_image (), "true", NULL);
  preload = preload_and_wait (berth_endpoint_get_address (endpoint));
  g_assert_nonnull (berth_preload_get_containers (preload));
  g_assert_nonnull (preloaded (berth_preload_get_containers (preload), gone));
  g_assert_cmpstr (berth_endpoint_get_address (berth_preload_get_endpoint (preload)), ==,
                   berth_endpoint_get_address (endpoint));

  store = berth_store_new (endpoint);
  containers = berth_store_get_list (store, BERTH_RESOURCE_KIND_CONTAINER);
  berth_store_set_preload (store, preload);
  g_assert_true (berth_resource_list_get_loaded (containers));
  /* The very objects the worker made. */
  g_assert_true ((gpointer) berth_resource_list_lookup (containers, gone) ==
                 (gpointer) preloaded (berth_preload_get_containers (preload), gone));
  g_assert_cmpuint (berth_engine_get_request_count (berth_store_get_engine (store)), ==, 0);
  g_assert_cmpint (berth_store_get_state (store), ==, BERTH_STORE_STATE_IDLE);

  g_free (berth_test_docker_ok ("rm", gone_name, NULL));
  new = berth_test_docker_ok ("create", "--name", new_name, berth_test_image (), "true", NULL);
  berth_store_start (store);
  berth_test_wait_until (all_loaded (store) && berth_resource_list_lookup (containers, new) != NULL, 10000);
  g_assert_null (berth_resource_list_lookup (containers, gone));

  g_free (berth_test_docker_ok ("rm", new_name, NULL));
  g_assert_finalize_object (g_steal_pointer (&store));
}

static void
count_done_cb (BerthPreload *preload,
               guint        *count)
{
  (*count)++;
}

/* A worker that finished while the main loop was busy (GTK starting up)
 * gives its containers as soon as asked, before its task calls back, so a
 * window being built shows them in its first frame; "done" comes once. */
static void
test_preload_early (void)
{
  g_autoptr (BerthEndpoint) endpoint = berth_test_get_endpoint ();
  g_autoptr (BerthPreload) preload = NULL;
  GPtrArray *containers;
  guint done = 0;
  gint64 deadline;

  if (endpoint == NULL)
    return;

  preload = berth_preload_new (berth_endpoint_get_address (endpoint));
  g_signal_connect (preload, "done", G_CALLBACK (count_done_cb), &done);

  /* The main loop does not run here: only asking can get the results. */
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!berth_preload_get_done (preload))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_thread_yield ();
    }
  g_assert_cmpuint (done, ==, 1);
  containers = berth_preload_get_containers (preload);
  g_assert_nonnull (containers);
  g_assert_nonnull (berth_preload_get_endpoint (preload));

  /* The task's callback, when it comes (it lets go of the preload), changes
   * nothing. */
  berth_test_wait_until (G_OBJECT (preload)->ref_count == 1, 5000);
  g_assert_cmpuint (done, ==, 1);
  g_assert_true (berth_preload_get_containers (preload) == containers);
}

static gboolean
lists_but_containers_loaded (BerthStore *store)
{
  return berth_resource_list_get_loaded (berth_store_get_list (store, BERTH_RESOURCE_KIND_IMAGE)) &&
         berth_resource_list_get_loaded (berth_store_get_list (store, BERTH_RESOURCE_KIND_VOLUME)) &&
         berth_resource_list_get_loaded (berth_store_get_list (store, BERTH_RESOURCE_KIND_NETWORK));
}

/* While a preload is on its way the store reads the other lists but waits
 * for it before reading the containers itself. The preload here goes to a
 * socket that takes the connection and never answers (a mock: no engine
 * can be made to hang like that), until it is closed. */
static void
test_preload_awaited (void)
{
  g_autoptr (BerthEndpoint) endpoint = berth_test_get_endpoint ();
  g_autofree char *path = NULL;
  g_autofree char *address = NULL;
  g_autoptr (GSocket) silent = NULL;
  g_autoptr (GSocketAddress) socket_address = NULL;
  g_autoptr (BerthPreload) preload = NULL;
  g_autoptr (BerthStore) store = NULL;
  g_autoptr (GError) error = NULL;
  BerthResourceList *containers;

  if (endpoint == NULL)
    return;

  path = g_strdup_printf ("%s/berth-test-silent-%d.sock", g_get_tmp_dir (), (int) getpid ());
  g_unlink (path);
  silent = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, &error);
  g_assert_no_error (error);
  socket_address = g_unix_socket_address_new (path);
  g_assert_true (g_socket_bind (silent, socket_address, FALSE, &error));
  g_assert_true (g_socket_listen (silent, &error));

  address = g_strconcat ("unix://", path, NULL);
  preload = berth_preload_new (address);
  store = berth_store_new (endpoint);
  containers = berth_store_get_list (store, BERTH_RESOURCE_KIND_CONTAINER);
  berth_store_set_preload (store, preload);
  berth_store_start (store);

  berth_test_wait_until (berth_store_get_state (store) == BERTH_STORE_STATE_CONNECTED &&
                         lists_but_containers_loaded (store), 10000);
  g_assert_false (berth_preload_get_done (preload));
  g_assert_false (berth_resource_list_get_loaded (containers));

  /* The preload fails, and the store reads the containers itself. */
  g_assert_true (g_socket_close (silent, &error));
  g_unlink (path);
  berth_test_wait_until (berth_preload_get_done (preload) && berth_resource_list_get_loaded (containers), 5000);
  g_assert_null (berth_preload_get_containers (preload));
  g_assert_finalize_object (g_steal_pointer (&store));
}

/* A preload that comes after the store's own read is older: ignored. */
static void
test_preload_late (void)
{
  g_autoptr (BerthEndpoint) endpoint = berth_test_get_endpoint ();
  g_autofree char *name = berth_test_unique_name ("preload-late");
  g_autofree char *id = NULL;
  g_autoptr (BerthPreload) preload = NULL;
  g_autoptr (BerthStore) store = NULL;
  BerthResourceList *containers;

  if (endpoint == NULL)
    return;

  id = berth_test_docker_ok ("create", "--name", name, berth_test_image (), "true", NULL);
  preload = preload_and_wait (berth_endpoint_get_address (endpoint));
  g_assert_nonnull (preloaded (berth_preload_get_containers (preload), id));
  g_free (berth_test_docker_ok ("rm", name, NULL));

  store = berth_store_new (endpoint);
  containers = berth_store_get_list (store, BERTH_RESOURCE_KIND_CONTAINER);
  berth_store_start (store);
  berth_test_wait_until (all_loaded (store), 10000);
  berth_store_set_preload (store, preload);
  g_assert_null (berth_resource_list_lookup (containers, id));
  g_assert_finalize_object (g_steal_pointer (&store));
}

/* Another engine's containers are never shown; an engine that does not
 * answer gives a preload with nothing in it; without an address the
 * engine is found as the docker CLI would (DOCKER_HOST, set here to the
 * test engine). */
static void
test_preload_other_engine (void)
{
  g_autoptr (BerthEndpoint) endpoint = berth_test_get_endpoint ();
  g_autoptr (GError) error = NULL;
  g_autoptr (BerthEndpoint) elsewhere = NULL;
  g_autoptr (BerthPreload) nobody = NULL;
  g_autoptr (BerthPreload) found = NULL;
  g_autoptr (BerthStore) store = NULL;
  g_autofree char *missing = NULL;

  if (endpoint == NULL)
    return;

  missing = g_strdup_printf ("unix://%s/no-engine-here.sock", g_get_tmp_dir ());
  nobody = preload_and_wait (missing);
  g_assert_null (berth_preload_get_containers (nobody));

  g_setenv ("DOCKER_HOST", berth_endpoint_get_address (endpoint), TRUE);
  found = preload_and_wait (NULL);
  g_unsetenv ("DOCKER_HOST");
  g_assert_nonnull (berth_preload_get_containers (found));
  g_assert_cmpstr (berth_endpoint_get_address (berth_preload_get_endpoint (found)), ==,
                   berth_endpoint_get_address (endpoint));

  elsewhere = berth_endpoint_new_for_address (missing, &error);
  g_assert_no_error (error);
  store = berth_store_new (elsewhere);
  berth_store_set_preload (store, found);
  g_assert_false (berth_resource_list_get_loaded (berth_store_get_list (store, BERTH_RESOURCE_KIND_CONTAINER)));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (berth_store_get_list (store, BERTH_RESOURCE_KIND_CONTAINER))), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  berth_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/store/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("initial-lists", test_initial_lists);
  ADD ("events-in-place", test_events_in_place);
  ADD ("usage", test_usage);
  ADD ("quick-exit", test_quick_exit);
  ADD ("images-follow", test_images_follow);
  ADD ("reconnect", test_reconnect);
#undef ADD
  g_test_add_func ("/store/preload", test_preload);
  g_test_add_func ("/store/preload-late", test_preload_late);
  g_test_add_func ("/store/preload-early", test_preload_early);
  g_test_add_func ("/store/preload-awaited", test_preload_awaited);
  g_test_add_func ("/store/preload-other-engine", test_preload_other_engine);

  return g_test_run ();
}
