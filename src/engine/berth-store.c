/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "BerthEngine"

#include "config.h"

#include "berth-container.h"
#include "berth-engine-enums.h"
#include "berth-engine-error.h"
#include "berth-event-monitor.h"
#include "berth-image.h"
#include "berth-network.h"
#include "berth-resource-list-private.h"
#include "berth-store.h"
#include "berth-volume.h"

/* Everything Berth knows about one engine: the four live lists, kept in
 * sync by the event stream, and the connection state. When the engine goes
 * away the lists keep their last contents (marked stale), the store retries
 * with backoff, and on reconnection every list is resynced in place.
 *
 * It also derives what no list answer carries: which containers use each
 * image, volume and network. */

#define RETRY_MIN_MS 250
#define RETRY_MAX_MS 4000
/* Podman sends no event when a network is created. */
#define PODMAN_NETWORK_POLL_SECONDS 5
/* How long the store's own read of the containers waits for a preload
 * still on its way. */
#define PRELOAD_WAIT_SECONDS 10

struct _BerthStore
{
  GObject            parent_instance;

  BerthEngine       *engine;
  BerthEventMonitor *monitor;
  BerthResourceList *lists[4];

  GCancellable      *cancellable;
  BerthStoreState    state;
  GError            *error;
  guint              retry_id;
  guint              retry_ms;
  guint              usage_id;
  guint              network_poll_id;
  GHashTable        *expected;        /* container id → Expectation */
  guint              verify_id;
  gboolean           ever_connected;
  BerthPreload      *preload;
  guint              containers_wait_id;  /* own read of the containers, waiting */
};

enum {
  PROP_0,
  PROP_ENGINE,
  PROP_STATE,
  PROP_ERROR,
  N_PROPS
};

enum {
  USAGE_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (BerthStore, berth_store, G_TYPE_OBJECT)

static void connect_engine (BerthStore *self);
static void check_expectations (BerthStore *self);

static void
set_state (BerthStore      *self,
           BerthStoreState  state,
           const GError    *error)
{
  if (error != NULL || self->error != NULL)
    {
      g_clear_error (&self->error);
      self->error = error ? g_error_copy (error) : NULL;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
    }

  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* Usage -------------------------------------------------------------------- */

static void
add_user (GHashTable *map,
          const char *key,
          const char *container)
{
  GPtrArray *names;

  if (key == NULL || *key == '\0')
    return;

  names = g_hash_table_lookup (map, key);
  if (names == NULL)
    {
      names = g_ptr_array_new ();
      g_hash_table_insert (map, (char *) key, names);
    }
  g_ptr_array_add (names, (char *) container);
}

static char **
users_of (GHashTable *map,
          const char *key)
{
  GPtrArray *names = g_hash_table_lookup (map, key);
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; names != NULL && i < names->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (names, i));
  return g_strv_builder_end (builder);
}

static void
collect_users (GListModel *containers,
               GHashTable *images,
               GHashTable *volumes,
               GHashTable *networks)
{
  guint n = g_list_model_get_n_items (containers);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (BerthContainer) c = g_list_model_get_item (containers, i);
      const char *name = berth_container_get_name (c);
      GPtrArray *mounts = berth_container_get_mounts (c);
      const char * const *network_ids = berth_container_get_network_ids (c);

      add_user (images, berth_container_get_image_id (c), name);
      for (guint j = 0; mounts != NULL && j < mounts->len; j++)
        {
          const BerthMount *mount = g_ptr_array_index (mounts, j);

          if (g_strcmp0 (mount->type, "volume") == 0)
            add_user (volumes, mount->name, name);
        }
      for (guint j = 0; network_ids != NULL && network_ids[j] != NULL; j++)
        add_user (networks, network_ids[j], name);
    }
}

static gboolean
strv_changed (const char * const *before,
              const char * const *after)
{
  static const char * const empty[] = { NULL };

  return !g_strv_equal (before ? before : empty, after ? after : empty);
}

static gboolean
update_image_usage (BerthStore *self,
                    GHashTable *users)
{
  GListModel *list = G_LIST_MODEL (self->lists[BERTH_RESOURCE_KIND_IMAGE]);
  guint n = g_list_model_get_n_items (list);
  gboolean changed = FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (BerthImage) image = g_list_model_get_item (list, i);
      GPtrArray *names = g_hash_table_lookup (users, berth_resource_get_id (BERTH_RESOURCE (image)));
      guint count = names ? names->len : 0;

      changed |= berth_image_get_containers (image) != count;
      berth_image_set_containers (image, count);
    }

  return changed;
}

static gboolean
update_volume_usage (BerthStore *self,
                     GHashTable *users)
{
  GListModel *list = G_LIST_MODEL (self->lists[BERTH_RESOURCE_KIND_VOLUME]);
  guint n = g_list_model_get_n_items (list);
  gboolean changed = FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (BerthVolume) volume = g_list_model_get_item (list, i);
      g_auto (GStrv) names = users_of (users, berth_volume_get_name (volume));

      changed |= strv_changed (berth_volume_get_used_by (volume), (const char * const *) names);
      berth_volume_set_used_by (volume, g_steal_pointer (&names));
    }

  return changed;
}

static gboolean
update_network_usage (BerthStore *self,
                      GHashTable *users)
{
  GListModel *list = G_LIST_MODEL (self->lists[BERTH_RESOURCE_KIND_NETWORK]);
  guint n = g_list_model_get_n_items (list);
  gboolean changed = FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (BerthNetwork) network = g_list_model_get_item (list, i);
      g_auto (GStrv) names = users_of (users, berth_resource_get_id (BERTH_RESOURCE (network)));

      changed |= strv_changed (berth_network_get_containers (network), (const char * const *) names);
      berth_network_set_containers (network, g_steal_pointer (&names));
    }

  return changed;
}

static gboolean
update_usage (gpointer user_data)
{
  BerthStore *self = user_data;
  g_autoptr (GHashTable) images = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  g_autoptr (GHashTable) volumes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  g_autoptr (GHashTable) networks = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);

  self->usage_id = 0;

  /* The maps borrow strings from the containers, which outlive this call. */
  collect_users (G_LIST_MODEL (self->lists[BERTH_RESOURCE_KIND_CONTAINER]), images, volumes, networks);

  /* Pages filter and sort by usage ("unused images"): they need to know. */
  if (update_image_usage (self, images))
    g_signal_emit (self, signals[USAGE_CHANGED], 0, BERTH_RESOURCE_KIND_IMAGE);
  if (update_volume_usage (self, volumes))
    g_signal_emit (self, signals[USAGE_CHANGED], 0, BERTH_RESOURCE_KIND_VOLUME);
  if (update_network_usage (self, networks))
    g_signal_emit (self, signals[USAGE_CHANGED], 0, BERTH_RESOURCE_KIND_NETWORK);

  return G_SOURCE_REMOVE;
}

static void
schedule_usage (BerthStore *self)
{
  if (self->usage_id == 0)
    self->usage_id = g_idle_add_full (G_PRIORITY_DEFAULT, update_usage, self, NULL);
}

static void
list_refreshed_cb (BerthStore        *self,
                   const GError      *error,
                   BerthResourceList *list)
{
  if (error == NULL)
    schedule_usage (self);
  if (error == NULL && list == self->lists[BERTH_RESOURCE_KIND_CONTAINER])
    check_expectations (self);
  else if (berth_engine_error_is_connection (error))
    g_debug ("A list refresh could not reach the engine: %s", error->message);
}

/* Expectations ------------------------------------------------------------- */

/* The engine announces a state change before its list shows it: right
 * after "die", GET /containers/json still says "running" (measured on
 * Docker 20.10, every time). So an event also records the state it
 * implies, and the container is asked for again, briefly, until the list
 * agrees. Nothing is polled once every expectation is met. */
#define VERIFY_INTERVAL_MS 50
#define VERIFY_MAX_TRIES   40

typedef enum
{
  EXPECT_RUNNING,
  EXPECT_PAUSED,
  EXPECT_STOPPED,
} Expect;

typedef struct
{
  Expect want;
  guint  tries;
} Expectation;

static gboolean
expectation_met (BerthContainer    *container,
                 const Expectation *expectation)
{
  BerthContainerState state = berth_container_get_state (container);

  switch (expectation->want)
    {
    case EXPECT_RUNNING:
      return state == BERTH_CONTAINER_STATE_RUNNING;
    case EXPECT_PAUSED:
      return state == BERTH_CONTAINER_STATE_PAUSED;
    case EXPECT_STOPPED:
    default:
      return state != BERTH_CONTAINER_STATE_RUNNING && state != BERTH_CONTAINER_STATE_PAUSED;
    }
}

static gboolean
verify_cb (gpointer user_data)
{
  BerthStore *self = user_data;
  GHashTableIter iter;
  const char *id;

  self->verify_id = 0;
  g_hash_table_iter_init (&iter, self->expected);
  while (g_hash_table_iter_next (&iter, (gpointer *) &id, NULL))
    berth_resource_list_refresh_item (self->lists[BERTH_RESOURCE_KIND_CONTAINER], id);

  return G_SOURCE_REMOVE;
}

/* After each refresh of the containers: drop what is met (or given up on),
 * ask again for the rest. */
static void
check_expectations (BerthStore *self)
{
  BerthResourceList *containers = self->lists[BERTH_RESOURCE_KIND_CONTAINER];
  GHashTableIter iter;
  const char *id;
  Expectation *expectation;

  g_hash_table_iter_init (&iter, self->expected);
  while (g_hash_table_iter_next (&iter, (gpointer *) &id, (gpointer *) &expectation))
    {
      BerthResource *container = berth_resource_list_lookup (containers, id);

      if (container == NULL || expectation_met (BERTH_CONTAINER (container), expectation) ||
          ++expectation->tries > VERIFY_MAX_TRIES)
        g_hash_table_iter_remove (&iter);
    }

  if (g_hash_table_size (self->expected) > 0 && self->verify_id == 0)
    self->verify_id = g_timeout_add (VERIFY_INTERVAL_MS, verify_cb, self);
}

static void
expect (BerthStore       *self,
        const BerthEvent *event)
{
  Expectation *expectation;
  Expect want;

  if (g_strcmp0 (event->action, "start") == 0 || g_strcmp0 (event->action, "unpause") == 0 ||
      g_strcmp0 (event->action, "restart") == 0)
    want = EXPECT_RUNNING;
  else if (g_strcmp0 (event->action, "pause") == 0)
    want = EXPECT_PAUSED;
  else if (g_strcmp0 (event->action, "die") == 0)
    want = EXPECT_STOPPED;
  else
    return;

  expectation = g_new0 (Expectation, 1);
  expectation->want = want;
  g_hash_table_replace (self->expected, g_strdup (event->id), expectation);
}

/* Events ------------------------------------------------------------------- */

static gboolean
action_is (const BerthEvent *event,
           const char       *action)
{
  return g_strcmp0 (event->action, action) == 0;
}

static gboolean
container_action_changes_list (const BerthEvent *event)
{
  static const char * const quiet[] = {
    "exec_create", "exec_start", "exec_die", "exec_detach", "attach", "detach",
    "resize", "top", "archive-path", "extract-to-dir", "copy", "export", "commit",
    NULL
  };

  return !g_strv_contains (quiet, event->action);
}

static void
monitor_event_cb (BerthStore        *self,
                  const BerthEvent  *event,
                  BerthEventMonitor *monitor)
{
  BerthResourceList *containers = self->lists[BERTH_RESOURCE_KIND_CONTAINER];

  if (g_strcmp0 (event->type, "container") == 0)
    {
      expect (self, event);
      if (action_is (event, "destroy"))
        {
          g_hash_table_remove (self->expected, event->id);
          berth_resource_list_remove_item (containers, event->id);
        }
      else if (action_is (event, "commit"))
        berth_resource_list_refresh (self->lists[BERTH_RESOURCE_KIND_IMAGE]);
      else if (container_action_changes_list (event))
        berth_resource_list_refresh_item (containers, event->id);
    }
  else if (g_strcmp0 (event->type, "image") == 0)
    {
      if (!action_is (event, "push") && !action_is (event, "save"))
        berth_resource_list_refresh (self->lists[BERTH_RESOURCE_KIND_IMAGE]);
    }
  else if (g_strcmp0 (event->type, "volume") == 0)
    {
      if (!action_is (event, "mount") && !action_is (event, "unmount"))
        berth_resource_list_refresh (self->lists[BERTH_RESOURCE_KIND_VOLUME]);
    }
  else if (g_strcmp0 (event->type, "network") == 0)
    {
      const char *container = berth_event_get_attribute (event, "container");

      if (action_is (event, "connect") || action_is (event, "disconnect"))
        {
          if (container != NULL)
            berth_resource_list_refresh_item (containers, container);
        }
      else
        berth_resource_list_refresh (self->lists[BERTH_RESOURCE_KIND_NETWORK]);
    }
}

/* Connection --------------------------------------------------------------- */

static gboolean
retry_cb (gpointer user_data)
{
  BerthStore *self = user_data;

  self->retry_id = 0;
  connect_engine (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (BerthStore *self)
{
  if (self->retry_id != 0)
    return;

  self->retry_ms = self->retry_ms == 0 ? RETRY_MIN_MS : MIN (self->retry_ms * 2, RETRY_MAX_MS);
  self->retry_id = g_timeout_add (self->retry_ms, retry_cb, self);
}

static gboolean
poll_networks_cb (gpointer user_data)
{
  BerthStore *self = user_data;

  berth_resource_list_refresh (self->lists[BERTH_RESOURCE_KIND_NETWORK]);
  return G_SOURCE_CONTINUE;
}

static void
lost (BerthStore   *self,
      const GError *error)
{
  g_clear_handle_id (&self->network_poll_id, g_source_remove);
  g_clear_handle_id (&self->verify_id, g_source_remove);
  g_hash_table_remove_all (self->expected);
  berth_event_monitor_stop (self->monitor);

  for (guint i = 0; i < G_N_ELEMENTS (self->lists); i++)
    berth_resource_list_set_stale (self->lists[i], TRUE);

  set_state (self, BERTH_STORE_STATE_DISCONNECTED, error);
  schedule_retry (self);
}

static void
monitor_closed_cb (BerthStore        *self,
                   const GError      *error,
                   BerthEventMonitor *monitor)
{
  g_debug ("Event stream closed: %s", error ? error->message : "no reason");
  lost (self, error);
}

static gboolean
containers_wait_cb (gpointer user_data)
{
  BerthStore *self = user_data;

  self->containers_wait_id = 0;
  berth_resource_list_refresh (self->lists[BERTH_RESOURCE_KIND_CONTAINER]);
  return G_SOURCE_REMOVE;
}

/* Every list is read once the event stream is open, so that no change
 * between the two can be missed. The containers wait for a preload still
 * on its way (up to PRELOAD_WAIT_SECONDS): it shows them first, and the
 * engine is not asked for the same list twice at once. */
static void
refresh_after_connect (BerthStore *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->lists); i++)
    {
      if (i == BERTH_RESOURCE_KIND_CONTAINER && self->preload != NULL)
        {
          if (self->containers_wait_id == 0)
            self->containers_wait_id = g_timeout_add_seconds (PRELOAD_WAIT_SECONDS, containers_wait_cb, self);
          continue;
        }
      berth_resource_list_refresh (self->lists[i]);
    }
}

static void
monitor_opened_cb (BerthStore        *self,
                   BerthEventMonitor *monitor)
{
  /* The stream is open before the lists are read, so no change between the
   * two can be missed. */
  self->retry_ms = 0;
  self->ever_connected = TRUE;
  set_state (self, BERTH_STORE_STATE_CONNECTED, NULL);
  refresh_after_connect (self);

  if (berth_engine_get_kind (self->engine) == BERTH_ENGINE_KIND_PODMAN &&
      self->network_poll_id == 0)
    self->network_poll_id = g_timeout_add_seconds (PODMAN_NETWORK_POLL_SECONDS, poll_networks_cb, self);
}

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  BerthStore *self = user_data;
  g_autoptr (GError) error = NULL;

  if (!berth_engine_connect_finish (BERTH_ENGINE (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      lost (self, error);
      return;
    }

  berth_event_monitor_start (self->monitor);
}

static void
connect_engine (BerthStore *self)
{
  if (self->state != BERTH_STORE_STATE_DISCONNECTED)
    set_state (self, BERTH_STORE_STATE_CONNECTING, NULL);

  berth_engine_connect_async (self->engine, self->cancellable, connect_cb, self);
}

/* GObject ------------------------------------------------------------------ */

static void
berth_store_dispose (GObject *object)
{
  BerthStore *self = BERTH_STORE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_handle_id (&self->usage_id, g_source_remove);
  g_clear_handle_id (&self->network_poll_id, g_source_remove);
  g_clear_handle_id (&self->verify_id, g_source_remove);
  g_clear_handle_id (&self->containers_wait_id, g_source_remove);
  if (self->preload != NULL)
    g_signal_handlers_disconnect_by_data (self->preload, self);
  g_clear_object (&self->preload);
  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      berth_event_monitor_stop (self->monitor);
    }
  g_clear_object (&self->monitor);
  for (guint i = 0; i < G_N_ELEMENTS (self->lists); i++)
    g_clear_object (&self->lists[i]);
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (berth_store_parent_class)->dispose (object);
}

static void
berth_store_finalize (GObject *object)
{
  BerthStore *self = BERTH_STORE (object);

  g_clear_object (&self->cancellable);
  g_clear_error (&self->error);
  g_clear_pointer (&self->expected, g_hash_table_unref);

  G_OBJECT_CLASS (berth_store_parent_class)->finalize (object);
}

static void
berth_store_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  BerthStore *self = BERTH_STORE (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
berth_store_class_init (BerthStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = berth_store_dispose;
  object_class->finalize = berth_store_finalize;
  object_class->get_property = berth_store_get_property;

  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL, BERTH_TYPE_ENGINE,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, BERTH_TYPE_STORE_STATE, BERTH_STORE_STATE_IDLE,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BerthStore::usage-changed:
   * @kind: the kind whose objects' users changed (images, volumes, networks)
   *
   * Emitted after which containers use some objects changed in place.
   */
  signals[USAGE_CHANGED] =
    g_signal_new ("usage-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
berth_store_init (BerthStore *self)
{
  self->cancellable = g_cancellable_new ();
  self->expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

BerthStore *
berth_store_new (BerthEndpoint *endpoint)
{
  BerthStore *self;

  g_return_val_if_fail (BERTH_IS_ENDPOINT (endpoint), NULL);

  self = g_object_new (BERTH_TYPE_STORE, NULL);
  self->engine = berth_engine_new (endpoint);
  self->monitor = berth_event_monitor_new (self->engine);
  g_signal_connect_object (self->monitor, "opened", G_CALLBACK (monitor_opened_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->monitor, "event", G_CALLBACK (monitor_event_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->monitor, "closed", G_CALLBACK (monitor_closed_cb), self, G_CONNECT_SWAPPED);

  for (guint i = 0; i < G_N_ELEMENTS (self->lists); i++)
    {
      self->lists[i] = berth_resource_list_new (self->engine, i);
      g_signal_connect_object (self->lists[i], "refreshed", G_CALLBACK (list_refreshed_cb), self, G_CONNECT_SWAPPED);
    }
  /* Removals from events change usage without a refresh. */
  g_signal_connect_object (self->lists[BERTH_RESOURCE_KIND_CONTAINER], "items-changed",
                           G_CALLBACK (schedule_usage), self, G_CONNECT_SWAPPED);

  return self;
}

BerthEngine *
berth_store_get_engine (BerthStore *self)
{
  g_return_val_if_fail (BERTH_IS_STORE (self), NULL);
  return self->engine;
}

BerthStoreState
berth_store_get_state (BerthStore *self)
{
  g_return_val_if_fail (BERTH_IS_STORE (self), BERTH_STORE_STATE_IDLE);
  return self->state;
}

/* Why the engine is not connected, or NULL. */
const GError *
berth_store_get_error (BerthStore *self)
{
  g_return_val_if_fail (BERTH_IS_STORE (self), NULL);
  return self->error;
}

gboolean
berth_store_get_ever_connected (BerthStore *self)
{
  g_return_val_if_fail (BERTH_IS_STORE (self), FALSE);
  return self->ever_connected;
}

/**
 * berth_store_get_list:
 *
 * Returns: (transfer none): the live list of @kind
 */
BerthResourceList *
berth_store_get_list (BerthStore        *self,
                      BerthResourceKind  kind)
{
  g_return_val_if_fail (BERTH_IS_STORE (self), NULL);
  g_return_val_if_fail (kind <= BERTH_RESOURCE_KIND_NETWORK, NULL);

  return self->lists[kind];
}

static void
preload_done_cb (BerthStore   *self,
                 BerthPreload *preload)
{
  GPtrArray *containers = berth_preload_get_containers (preload);
  BerthEndpoint *endpoint = berth_preload_get_endpoint (preload);

  if (containers != NULL && endpoint != NULL &&
      g_strcmp0 (berth_endpoint_get_address (endpoint),
                 berth_endpoint_get_address (berth_engine_get_endpoint (self->engine))) == 0)
    _berth_resource_list_preload (self->lists[BERTH_RESOURCE_KIND_CONTAINER], containers);

  g_signal_handlers_disconnect_by_data (preload, self);
  g_clear_object (&self->preload);

  if (self->containers_wait_id != 0)
    {
      g_clear_handle_id (&self->containers_wait_id, g_source_remove);
      berth_resource_list_refresh (self->lists[BERTH_RESOURCE_KIND_CONTAINER]);
    }
}

/**
 * berth_store_set_preload:
 * @preload: the engine's containers, being read since start-up
 *
 * Shows @preload's containers until the store has read them itself, if it
 * read the same engine (same address). Only while the store has not loaded
 * its own list, which waits for @preload (see refresh_after_connect()).
 */
void
berth_store_set_preload (BerthStore   *self,
                         BerthPreload *preload)
{
  g_return_if_fail (BERTH_IS_STORE (self));
  g_return_if_fail (BERTH_IS_PRELOAD (preload));

  if (self->preload != NULL)
    return;

  self->preload = g_object_ref (preload);
  if (berth_preload_get_done (preload))
    preload_done_cb (self, preload);
  else
    g_signal_connect_object (preload, "done", G_CALLBACK (preload_done_cb), self, G_CONNECT_SWAPPED);
}

void
berth_store_start (BerthStore *self)
{
  g_return_if_fail (BERTH_IS_STORE (self));

  if (self->state != BERTH_STORE_STATE_IDLE)
    return;

  connect_engine (self);
}

/* A full refresh of every list, as after a reconnection (or F5). */
void
berth_store_refresh (BerthStore *self)
{
  g_return_if_fail (BERTH_IS_STORE (self));

  for (guint i = 0; i < G_N_ELEMENTS (self->lists); i++)
    berth_resource_list_refresh (self->lists[i]);
}

/* Skips the backoff wait, e.g. when the user clicks "Retry". */
void
berth_store_reconnect_now (BerthStore *self)
{
  g_return_if_fail (BERTH_IS_STORE (self));

  if (self->state != BERTH_STORE_STATE_DISCONNECTED || self->retry_id == 0)
    return;

  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->retry_ms = 0;
  connect_engine (self);
}
