/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "BerthEngine"

#include "config.h"

#include <glib/gi18n.h>

#include "berth-container.h"
#include "berth-engine-error.h"
#include "berth-image.h"
#include "berth-json-private.h"
#include "berth-network.h"
#include "berth-resource-list-private.h"
#include "berth-trace.h"
#include "berth-volume.h"

/* A live GListModel of one kind of engine object. Refreshes are debounced
 * and never overlap: requests that arrive while one is in flight are merged
 * into the next. Answers are merged by id into the existing objects, so an
 * object keeps its identity (and its rows their state) for its whole life;
 * items-changed is only emitted for additions and removals. */

typedef struct
{
  GType          type;
  const char    *name;
  const char    *list_path;
  const char    *array_member;   /* NULL when the answer is the array */
  const char    *id_member;
  gboolean       can_filter_id;
  BerthResource *(*new_from_json) (JsonObject *object, GError **error);
} KindInfo;

static const KindInfo *
kind_info (BerthResourceKind kind)
{
  static KindInfo infos[4];
  static gsize initialized = 0;

  /* Also called from BerthPreload's worker thread. */
  if (g_once_init_enter (&initialized))
    {
      infos[BERTH_RESOURCE_KIND_CONTAINER] = (KindInfo) {
        BERTH_TYPE_CONTAINER, "containers", "/containers/json?all=1", NULL, "Id", TRUE,
        (gpointer) berth_container_new_from_json };
      infos[BERTH_RESOURCE_KIND_IMAGE] = (KindInfo) {
        BERTH_TYPE_IMAGE, "images", "/images/json", NULL, "Id", FALSE,
        (gpointer) berth_image_new_from_json };
      infos[BERTH_RESOURCE_KIND_VOLUME] = (KindInfo) {
        BERTH_TYPE_VOLUME, "volumes", "/volumes", "Volumes", "Name", FALSE,
        (gpointer) berth_volume_new_from_json };
      infos[BERTH_RESOURCE_KIND_NETWORK] = (KindInfo) {
        BERTH_TYPE_NETWORK, "networks", "/networks", NULL, "Id", FALSE,
        (gpointer) berth_network_new_from_json };
      g_once_init_leave (&initialized, 1);
    }

  return &infos[kind];
}

/* Long enough to merge a burst of events (a `docker run` sends create,
 * attach, network connect and start within a few ms), short enough to stay
 * well inside the 100 ms event-to-screen target. */
#define DEBOUNCE_MS 15
/* Past this many changed items, one full list is cheaper than a filter. */
#define MAX_TARGETED 32

struct _BerthResourceList
{
  GObject            parent_instance;

  BerthEngine       *engine;
  BerthResourceKind  kind;
  const KindInfo    *info;

  GPtrArray         *items;
  GHashTable        *by_id;

  GCancellable      *cancellable;
  guint              debounce_id;
  gboolean           in_flight;
  gboolean           full_pending;
  GHashTable        *pending_ids;
  GPtrArray         *waiting;       /* tasks for the next full refresh */

  GError            *error;
  guint              loaded : 1;
};

enum {
  PROP_0,
  PROP_KIND,
  PROP_ENGINE,
  PROP_LOADED,
  PROP_N_ITEMS,
  N_PROPS
};

enum {
  REFRESHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void list_model_iface_init (GListModelInterface *iface);
static void schedule (BerthResourceList *self);

G_DEFINE_FINAL_TYPE_WITH_CODE (BerthResourceList, berth_resource_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return BERTH_RESOURCE_LIST (model)->info->type;
}

static guint
get_n_items (GListModel *model)
{
  return BERTH_RESOURCE_LIST (model)->items->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  BerthResourceList *self = BERTH_RESOURCE_LIST (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
berth_resource_list_constructed (GObject *object)
{
  BerthResourceList *self = BERTH_RESOURCE_LIST (object);

  G_OBJECT_CLASS (berth_resource_list_parent_class)->constructed (object);

  self->info = kind_info (self->kind);
}

static void
berth_resource_list_dispose (GObject *object)
{
  BerthResourceList *self = BERTH_RESOURCE_LIST (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->debounce_id, g_source_remove);
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (berth_resource_list_parent_class)->dispose (object);
}

static void
berth_resource_list_finalize (GObject *object)
{
  BerthResourceList *self = BERTH_RESOURCE_LIST (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->pending_ids, g_hash_table_unref);
  g_clear_pointer (&self->waiting, g_ptr_array_unref);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (berth_resource_list_parent_class)->finalize (object);
}

static void
berth_resource_list_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  BerthResourceList *self = BERTH_RESOURCE_LIST (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_uint (value, self->kind);
      break;
    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->items->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
berth_resource_list_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  BerthResourceList *self = BERTH_RESOURCE_LIST (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_uint (value);
      break;
    case PROP_ENGINE:
      self->engine = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
berth_resource_list_class_init (BerthResourceListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = berth_resource_list_constructed;
  object_class->dispose = berth_resource_list_dispose;
  object_class->finalize = berth_resource_list_finalize;
  object_class->get_property = berth_resource_list_get_property;
  object_class->set_property = berth_resource_list_set_property;

  properties[PROP_KIND] =
    g_param_spec_uint ("kind", NULL, NULL, 0, BERTH_RESOURCE_KIND_NETWORK, 0,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL, BERTH_TYPE_ENGINE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BerthResourceList::refreshed:
   * @error: (nullable): why the refresh failed, or %NULL
   *
   * Emitted after every refresh, merged or failed.
   */
  signals[REFRESHED] =
    g_signal_new ("refreshed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
berth_resource_list_init (BerthResourceList *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->pending_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->waiting = g_ptr_array_new_with_free_func (g_object_unref);
  self->cancellable = g_cancellable_new ();
}

BerthResourceList *
berth_resource_list_new (BerthEngine       *engine,
                         BerthResourceKind  kind)
{
  g_return_val_if_fail (BERTH_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (kind <= BERTH_RESOURCE_KIND_NETWORK, NULL);

  return g_object_new (BERTH_TYPE_RESOURCE_LIST, "engine", engine, "kind", kind, NULL);
}

BerthResourceKind
berth_resource_list_get_kind (BerthResourceList *self)
{
  g_return_val_if_fail (BERTH_IS_RESOURCE_LIST (self), 0);
  return self->kind;
}

GType
berth_resource_list_get_item_type_for_kind (BerthResourceKind kind)
{
  g_return_val_if_fail (kind <= BERTH_RESOURCE_KIND_NETWORK, G_TYPE_INVALID);
  return kind_info (kind)->type;
}

/* Loaded: the first full list has arrived, so "empty" really means empty. */
gboolean
berth_resource_list_get_loaded (BerthResourceList *self)
{
  g_return_val_if_fail (BERTH_IS_RESOURCE_LIST (self), FALSE);
  return self->loaded;
}

/* Why the last refresh failed, or NULL after a successful one. */
const GError *
berth_resource_list_get_error (BerthResourceList *self)
{
  g_return_val_if_fail (BERTH_IS_RESOURCE_LIST (self), NULL);
  return self->error;
}

/**
 * berth_resource_list_lookup:
 * @id: a full id (a name, for volumes)
 *
 * Returns: (transfer none) (nullable): the object with that id
 */
BerthResource *
berth_resource_list_lookup (BerthResourceList *self,
                            const char        *id)
{
  g_return_val_if_fail (BERTH_IS_RESOURCE_LIST (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return g_hash_table_lookup (self->by_id, id);
}

/* Merging ------------------------------------------------------------------ */

static void
remove_marked (BerthResourceList *self,
               GHashTable        *keep)
{
  guint n_before = self->items->len;
  guint i = self->items->len;

  /* From the end, one items-changed per contiguous run of removals. */
  while (i > 0)
    {
      guint end = i;

      while (i > 0 && !g_hash_table_contains (keep, g_ptr_array_index (self->items, i - 1)))
        {
          BerthResource *item = g_ptr_array_index (self->items, i - 1);

          g_hash_table_remove (self->by_id, berth_resource_get_id (item));
          i--;
        }

      if (i < end)
        {
          g_ptr_array_remove_range (self->items, i, end - i);
          g_list_model_items_changed (G_LIST_MODEL (self), i, end - i, 0);
        }

      if (i > 0)
        i--;
    }

  if (n_before != self->items->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static JsonArray *
answer_array (const KindInfo  *info,
              JsonNode        *root,
              GError         **error)
{
  JsonArray *array = NULL;

  if (root != NULL && info->array_member != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      if (!_berth_json_get_array (json_node_get_object (root), info->array_member,
                                  BERTH_JSON_OPTIONAL, &array, error))
        return NULL;
      return array;
    }

  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_DATA,
                   _("The engine’s list of %s is not a list"), info->name);
      return NULL;
    }

  return json_node_get_array (root);
}

/* For tests/bench (BERTH_TRACE=1): the moment an item that an event asked
 * for, or a new one, is in the model. Items of a full refresh that only
 * changed are not marked, so the first load prints nothing per item. */
static void
trace_item (BerthResourceList *self,
            BerthResource     *item)
{
  const char *state = "-";

  if (BERTH_IS_CONTAINER (item))
    state = berth_container_state_to_string (berth_container_get_state (BERTH_CONTAINER (item)));
  berth_trace_mark ("item-updated", "%s %s %s", self->info->name, berth_resource_get_id (item), state);
}

static void
trace_merged (BerthResourceList *self,
              GHashTable        *seen,
              GPtrArray         *added)
{
  GHashTableIter iter;
  gpointer item;

  if (seen == NULL)
    {
      for (guint i = 0; self->loaded && i < added->len; i++)
        trace_item (self, g_ptr_array_index (added, i));
      return;
    }

  g_hash_table_iter_init (&iter, seen);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    trace_item (self, item);
}

/* Appends @added, new items already in by_id, whose reference it takes. */
static void
append_items (BerthResourceList *self,
              GPtrArray         *added)
{
  guint position = self->items->len;

  if (added->len == 0)
    return;

  for (guint i = 0; i < added->len; i++)
    g_ptr_array_add (self->items, g_ptr_array_index (added, i));
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, added->len);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/* Making items on any thread ---------------------------------------------- */

typedef struct
{
  const KindInfo *info;
  GPtrArray      *items;
  GError         *item_error;   /* the first item that could not be read */
} Collect;

static void
collect (Collect  *collect,
         JsonNode *element)
{
  g_autoptr (GError) local_error = NULL;
  const KindInfo *info = collect->info;
  BerthResource *item = NULL;
  JsonObject *object;
  const char *id;

  if (_berth_json_node_object (element, info->name, &object, &local_error) &&
      _berth_json_get_string (object, info->id_member, BERTH_JSON_REQUIRED, &id, &local_error))
    item = info->new_from_json (object, &local_error);

  if (item != NULL)
    {
      g_ptr_array_add (collect->items, item);
      return;
    }

  g_debug ("Skipping an item of %s: %s", info->name, local_error->message);
  if (collect->item_error == NULL)
    collect->item_error = g_steal_pointer (&local_error);
}

static gboolean
collect_cb (JsonNode  *element,
            gpointer   user_data,
            GError   **error)
{
  collect (user_data, element);
  return TRUE;
}

static gboolean
collect_answer (Collect   *collect_data,
                JsonNode  *root,
                GError   **error)
{
  g_autoptr (GError) array_error = NULL;
  JsonArray *array = answer_array (collect_data->info, root, &array_error);
  guint n;

  if (array_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&array_error));
      return FALSE;
    }

  n = array != NULL ? json_array_get_length (array) : 0;
  for (guint i = 0; i < n; i++)
    collect (collect_data, json_array_get_element (array, i));
  return TRUE;
}

static GPtrArray *
collect_finish (Collect  *collect_data,
                gboolean  ok,
                GError  **item_error)
{
  if (ok && item_error != NULL)
    *item_error = g_steal_pointer (&collect_data->item_error);
  g_clear_error (&collect_data->item_error);
  if (!ok)
    g_clear_pointer (&collect_data->items, g_ptr_array_unref);
  return g_steal_pointer (&collect_data->items);
}

static GPtrArray *
items_from_answer (const KindInfo  *info,
                   JsonNode        *root,
                   GError         **item_error,
                   GError         **error)
{
  Collect collect_data = { info, g_ptr_array_new_with_free_func (g_object_unref), NULL };
  gboolean ok = collect_answer (&collect_data, root, error);

  return collect_finish (&collect_data, ok, item_error);
}

/**
 * _berth_resource_list_items_from_answer:
 * @kind: what @root lists
 * @root: the engine's answer to the list of @kind
 *
 * Makes the items of a parsed answer, on any thread. Items that cannot be
 * read are skipped.
 *
 * Returns: (transfer full) (element-type BerthResource): new items, or
 *   %NULL if @root is not a list
 */
GPtrArray *
_berth_resource_list_items_from_answer (BerthResourceKind   kind,
                                        JsonNode           *root,
                                        GError            **error)
{
  g_return_val_if_fail (kind <= BERTH_RESOURCE_KIND_NETWORK, NULL);

  return items_from_answer (kind_info (kind), root, NULL, error);
}

/* What a refresh's worker and BerthPreload's do with an answer. */
static GPtrArray *
items_from_body (const KindInfo  *info,
                 GBytes          *body,
                 GError         **item_error,
                 GError         **error)
{
  Collect collect_data = { NULL, NULL, NULL };
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) parse_error = NULL;
  gboolean was_array = FALSE;
  gboolean ok;

  collect_data.info = info;
  collect_data.items = g_ptr_array_new_with_free_func (g_object_unref);
  root = _berth_json_parse_elements (body, collect_cb, &collect_data, &was_array, &parse_error);
  if (parse_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&parse_error));
      ok = FALSE;
    }
  else if (was_array)
    ok = TRUE;
  else
    {
      /* Not an array (or one that turned out malformed): read as a whole. */
      g_ptr_array_set_size (collect_data.items, 0);
      g_clear_error (&collect_data.item_error);
      ok = collect_answer (&collect_data, root, error);
    }

  return collect_finish (&collect_data, ok, item_error);
}

/**
 * _berth_resource_list_items_from_body:
 * @kind: what @body lists
 * @body: the engine's answer to the list of @kind, unparsed
 * @item_error: (out) (optional): the first item that could not be read
 *
 * Makes the items of an answer on any thread, parsing one element at a
 * time (_berth_json_parse_elements()): neither BerthPreload's worker nor a
 * refresh's ever holds the tree of a whole list, ten times its text. Items
 * that cannot be read are skipped.
 *
 * Returns: (transfer full) (element-type BerthResource): new items, or
 *   %NULL with @error set if @body is not a list
 */
GPtrArray *
_berth_resource_list_items_from_body (BerthResourceKind   kind,
                                      GBytes             *body,
                                      GError            **item_error,
                                      GError            **error)
{
  g_return_val_if_fail (kind <= BERTH_RESOURCE_KIND_NETWORK, NULL);
  g_return_val_if_fail (body != NULL, NULL);

  return items_from_body (kind_info (kind), body, item_error, error);
}

/* Merges the items of an answer, made from it on any thread. @requested:
 * for a targeted refresh, the ids asked for (those absent from the answer
 * are gone); NULL for a full refresh, where everything absent is gone. An
 * item already in the list takes the new one's values and stays. */
static void
merge (BerthResourceList *self,
       GPtrArray         *fresh,
       GHashTable        *requested)
{
  g_autoptr (GHashTable) seen = g_hash_table_new (NULL, NULL);
  g_autoptr (GPtrArray) added = g_ptr_array_new ();

  for (guint i = 0; i < fresh->len; i++)
    {
      BerthResource *new_item = g_ptr_array_index (fresh, i);
      BerthResource *item = g_hash_table_lookup (self->by_id, berth_resource_get_id (new_item));

      if (item != NULL)
        {
          berth_resource_update_from (item, new_item);
          berth_resource_set_stale (item, FALSE);
        }
      else
        {
          item = g_object_ref (new_item);
          g_hash_table_insert (self->by_id, (char *) berth_resource_get_id (item), item);
          g_ptr_array_add (added, item);
        }

      g_hash_table_add (seen, item);
    }

  if (requested == NULL)
    remove_marked (self, seen);
  else
    {
      GHashTableIter iter;
      const char *id;

      g_hash_table_iter_init (&iter, requested);
      while (g_hash_table_iter_next (&iter, (gpointer *) &id, NULL))
        {
          BerthResource *item = g_hash_table_lookup (self->by_id, id);

          if (item != NULL && !g_hash_table_contains (seen, item))
            berth_resource_list_remove_item (self, id);
        }
    }

  append_items (self, added);

  if (berth_trace_enabled ())
    trace_merged (self, requested != NULL ? seen : NULL, added);
}

/* Merges a full answer as a refresh would: the first item that could not
 * be read is the error, the good ones are still merged. */
gboolean
_berth_resource_list_merge_answer (BerthResourceList  *self,
                                   JsonNode           *root,
                                   GError            **error)
{
  g_autoptr (GPtrArray) items = NULL;
  g_autoptr (GError) item_error = NULL;

  items = items_from_answer (self->info, root, &item_error, error);
  if (items == NULL)
    return FALSE;

  merge (self, items, NULL);
  if (item_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&item_error));
      return FALSE;
    }
  return TRUE;
}

const char *
_berth_resource_list_get_path (BerthResourceKind kind)
{
  g_return_val_if_fail (kind <= BERTH_RESOURCE_KIND_NETWORK, NULL);
  return kind_info (kind)->list_path;
}

static void
set_loaded (BerthResourceList *self,
            const char        *how)
{
  self->loaded = TRUE;
  berth_trace_mark ("list-loaded", "%s %u%s", self->info->name, self->items->len, how);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

void
_berth_resource_list_preload (BerthResourceList *self,
                              GPtrArray         *items)
{
  g_autoptr (GPtrArray) added = NULL;

  g_return_if_fail (BERTH_IS_RESOURCE_LIST (self));
  g_return_if_fail (items != NULL);

  /* The store's own read came first: it is newer. */
  if (self->loaded)
    return;

  added = g_ptr_array_sized_new (items->len);
  for (guint i = 0; i < items->len; i++)
    {
      BerthResource *item = g_ptr_array_index (items, i);
      const char *id = berth_resource_get_id (item);

      g_return_if_fail (G_TYPE_CHECK_INSTANCE_TYPE (item, self->info->type));
      if (g_hash_table_contains (self->by_id, id))
        continue;
      g_hash_table_insert (self->by_id, (char *) id, item);
      g_ptr_array_add (added, g_object_ref (item));
    }
  append_items (self, added);

  set_loaded (self, " preloaded");
}

/* Refreshing --------------------------------------------------------------- */

typedef struct
{
  BerthResourceList *self;
  GHashTable        *requested;   /* NULL for a full refresh */
  GPtrArray         *waiting;
} Refresh;

static void
refresh_free (Refresh *refresh)
{
  g_clear_object (&refresh->self);
  g_clear_pointer (&refresh->requested, g_hash_table_unref);
  g_clear_pointer (&refresh->waiting, g_ptr_array_unref);
  g_free (refresh);
}

static void
finish_waiting (GPtrArray    *waiting,
                const GError *error)
{
  for (guint i = 0; waiting != NULL && i < waiting->len; i++)
    {
      GTask *task = g_ptr_array_index (waiting, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
    }
}

static void
set_error (BerthResourceList *self,
           GError            *error)
{
  g_clear_error (&self->error);
  self->error = error;
}

/* An answer's items are made on a worker thread, one element at a time. */
typedef struct
{
  const KindInfo *info;
  GBytes         *body;
  GPtrArray      *items;
  GError         *item_error;
} Answer;

static void
answer_free (Answer *answer)
{
  g_clear_pointer (&answer->body, g_bytes_unref);
  g_clear_pointer (&answer->items, g_ptr_array_unref);
  g_clear_error (&answer->item_error);
  g_free (answer);
}

static void
read_items_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  Answer *answer = task_data;
  GError *error = NULL;

  answer->items = items_from_body (answer->info, answer->body, &answer->item_error, &error);
  g_clear_pointer (&answer->body, g_bytes_unref);
  if (answer->items == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
read_body_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  Answer *answer = g_task_get_task_data (task);
  GError *error = NULL;

  answer->body = berth_engine_send_and_read_finish (BERTH_ENGINE (object), result, &error);
  if (answer->body == NULL)
    g_task_return_error (task, error);
  else
    g_task_run_in_thread (task, read_items_thread);
}

static void
refresh_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Refresh *refresh = user_data;
  BerthResourceList *self = refresh->self;
  Answer *answer = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      finish_waiting (refresh->waiting, error);
      refresh_free (refresh);
      return;
    }

  self->in_flight = FALSE;

  if (error == NULL)
    {
      merge (self, answer->items, refresh->requested);
      error = g_steal_pointer (&answer->item_error);
    }

  if (refresh->requested == NULL && error == NULL && !self->loaded)
    {
      set_loaded (self, "");
    }

  set_error (self, error ? g_error_copy (error) : NULL);
  finish_waiting (refresh->waiting, error);
  g_signal_emit (self, signals[REFRESHED], 0, error);

  if (self->full_pending || g_hash_table_size (self->pending_ids) > 0)
    schedule (self);

  refresh_free (refresh);
}

static char *
targeted_path (BerthResourceList *self,
               GHashTable        *ids)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *json = NULL;
  g_autofree char *escaped = NULL;
  GHashTableIter iter;
  const char *id;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_begin_array (builder);
  g_hash_table_iter_init (&iter, ids);
  while (g_hash_table_iter_next (&iter, (gpointer *) &id, NULL))
    json_builder_add_string_value (builder, id);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);
  escaped = g_uri_escape_string (json, NULL, FALSE);
  return g_strconcat (self->info->list_path, "&filters=", escaped, NULL);
}

static gboolean
run_refresh (gpointer user_data)
{
  BerthResourceList *self = user_data;
  g_autoptr (SoupMessage) message = NULL;
  g_autoptr (GTask) task = NULL;
  g_autofree char *path = NULL;
  Refresh *refresh;
  Answer *answer;

  self->debounce_id = 0;
  g_assert (!self->in_flight);

  refresh = g_new0 (Refresh, 1);
  refresh->self = g_object_ref (self);

  if (self->full_pending || !self->info->can_filter_id ||
      g_hash_table_size (self->pending_ids) > MAX_TARGETED)
    {
      refresh->waiting = g_steal_pointer (&self->waiting);
      self->waiting = g_ptr_array_new_with_free_func (g_object_unref);
      g_hash_table_remove_all (self->pending_ids);
      self->full_pending = FALSE;
      path = g_strdup (self->info->list_path);
    }
  else
    {
      refresh->requested = g_steal_pointer (&self->pending_ids);
      self->pending_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      path = targeted_path (self, refresh->requested);
    }

  self->in_flight = TRUE;
  message = berth_engine_new_message (self->engine, SOUP_METHOD_GET, path);
  answer = g_new0 (Answer, 1);
  answer->info = self->info;
  task = g_task_new (self, self->cancellable, refresh_cb, refresh);
  g_task_set_source_tag (task, run_refresh);
  g_task_set_task_data (task, answer, (GDestroyNotify) answer_free);
  berth_engine_send_and_read_async (self->engine, message, self->cancellable,
                                    read_body_cb, g_steal_pointer (&task));

  return G_SOURCE_REMOVE;
}

static void
schedule (BerthResourceList *self)
{
  if (self->debounce_id != 0 || self->in_flight)
    return;

  self->debounce_id = g_timeout_add (DEBOUNCE_MS, run_refresh, self);
}

/**
 * berth_resource_list_refresh:
 *
 * Asks for a full refresh soon. Several calls close together cost one
 * request; a call during a refresh causes one more after it.
 */
void
berth_resource_list_refresh (BerthResourceList *self)
{
  g_return_if_fail (BERTH_IS_RESOURCE_LIST (self));

  self->full_pending = TRUE;
  schedule (self);
}

/**
 * berth_resource_list_refresh_item:
 * @id: the full id of an object that changed (or appeared)
 *
 * Asks for that one object soon; for kinds the engine cannot filter by id,
 * this is a full refresh.
 */
void
berth_resource_list_refresh_item (BerthResourceList *self,
                                  const char        *id)
{
  g_return_if_fail (BERTH_IS_RESOURCE_LIST (self));
  g_return_if_fail (id != NULL);

  if (!self->info->can_filter_id)
    {
      berth_resource_list_refresh (self);
      return;
    }

  g_hash_table_add (self->pending_ids, g_strdup (id));
  schedule (self);
}

/* For objects the engine says are gone: no request needed. */
void
berth_resource_list_remove_item (BerthResourceList *self,
                                 const char        *id)
{
  BerthResource *item;
  guint position;

  g_return_if_fail (BERTH_IS_RESOURCE_LIST (self));
  g_return_if_fail (id != NULL);

  item = g_hash_table_lookup (self->by_id, id);
  if (item == NULL || !g_ptr_array_find (self->items, item, &position))
    return;

  g_hash_table_remove (self->by_id, id);
  g_ptr_array_remove_index (self->items, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/* Marks every item as possibly out of date (the engine went away). */
void
berth_resource_list_set_stale (BerthResourceList *self,
                               gboolean           stale)
{
  g_return_if_fail (BERTH_IS_RESOURCE_LIST (self));

  for (guint i = 0; i < self->items->len; i++)
    berth_resource_set_stale (g_ptr_array_index (self->items, i), stale);
}

/**
 * berth_resource_list_refresh_async:
 *
 * A full refresh, now, completing once its answer has been merged.
 */
void
berth_resource_list_refresh_async (BerthResourceList   *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (BERTH_IS_RESOURCE_LIST (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, berth_resource_list_refresh_async);
  g_ptr_array_add (self->waiting, g_steal_pointer (&task));

  self->full_pending = TRUE;
  if (self->debounce_id != 0)
    {
      g_clear_handle_id (&self->debounce_id, g_source_remove);
      run_refresh (self);
    }
  else
    schedule (self);
}

gboolean
berth_resource_list_refresh_finish (BerthResourceList  *self,
                                    GAsyncResult       *result,
                                    GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
