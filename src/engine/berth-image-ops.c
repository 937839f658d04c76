/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "BerthEngine"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "berth-engine-error.h"
#include "berth-image-ops.h"
#include "berth-json-private.h"
#include "berth-reference.h"
#include "berth-shell.h"

/* The smaller image operations: tag and untag (spec -> request and docker
 * line), history, search and disk usage. */

static gboolean
has_text (const char *text)
{
  return text != NULL && *text != '\0';
}

/* Tag and untag ---------------------------------------------------------------- */

G_DEFINE_BOXED_TYPE (BerthImageTag, berth_image_tag, berth_image_tag_copy, berth_image_tag_free)

BerthImageTag *
berth_image_tag_new_add (const char *source,
                         const char *target)
{
  BerthImageTag *self = g_new0 (BerthImageTag, 1);

  self->kind = BERTH_IMAGE_TAG_ADD;
  self->source = g_strdup (source);
  self->target = g_strdup (target);
  return self;
}

BerthImageTag *
berth_image_tag_new_remove (const char *tag)
{
  BerthImageTag *self = g_new0 (BerthImageTag, 1);

  self->kind = BERTH_IMAGE_TAG_REMOVE;
  self->target = g_strdup (tag);
  return self;
}

BerthImageTag *
berth_image_tag_copy (const BerthImageTag *self)
{
  BerthImageTag *copy = g_memdup2 (self, sizeof *self);

  copy->source = g_strdup (self->source);
  copy->target = g_strdup (self->target);
  return copy;
}

void
berth_image_tag_free (BerthImageTag *self)
{
  if (self == NULL)
    return;

  g_free (self->source);
  g_free (self->target);
  g_free (self);
}

/* An image id, full ("sha256:…") or short (12+ hex digits). */
static gboolean
looks_like_id (const char *text)
{
  gsize length = 0;

  if (g_str_has_prefix (text, "sha256:"))
    return TRUE;

  for (const char *p = text; *p; p++, length++)
    {
      if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
        return FALSE;
    }
  return length >= 12 && length <= 64;
}

/**
 * berth_image_tag_validate:
 *
 * Checks both references before anything is sent. A removal takes a tag
 * only: an id or digest would remove the image itself.
 */
gboolean
berth_image_tag_validate (const BerthImageTag  *self,
                          GError              **error)
{
  g_autoptr (BerthReference) reference = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  if (self->kind == BERTH_IMAGE_TAG_ADD)
    {
      if (!has_text (self->source))
        return berth_engine_error_invalid (error, _("Choose the image to tag"));
      for (const char *p = self->source; *p; p++)
        {
          if (g_ascii_isspace (*p))
            return berth_engine_error_invalid (error, _("An image id or reference has no spaces"));
        }
    }
  else if (has_text (self->target) && looks_like_id (self->target))
    return berth_engine_error_invalid (error, _("“%s” is an image id, not a tag; name the tag to remove, like “myapp:1.0”"),
                                       self->target);

  reference = berth_reference_parse (self->target, error);
  if (reference == NULL)
    return FALSE;

  if (berth_reference_get_digest (reference) != NULL)
    return berth_engine_error_invalid (error, self->kind == BERTH_IMAGE_TAG_ADD
                                                ? _("A tag cannot contain a digest; write it like “myapp:1.0”")
                                                : _("“%s” names a digest, not a tag; name the tag to remove, like “myapp:1.0”"),
                                       self->target);

  return TRUE;
}

/**
 * berth_image_tag_build_request:
 * @method: (out): the HTTP method
 * @path: (out): the API path with its query, escaped
 *
 * Add: POST /images/{source}/tag?repo=&tag=. Remove: DELETE /images/{tag}.
 */
gboolean
berth_image_tag_build_request (const BerthImageTag  *self,
                               const char          **method,
                               char                **path,
                               GError              **error)
{
  g_autoptr (BerthReference) reference = NULL;
  g_autofree char *escaped = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!berth_image_tag_validate (self, error))
    return FALSE;

  if (self->kind == BERTH_IMAGE_TAG_REMOVE)
    {
      escaped = berth_engine_escape (self->target);
      *method = SOUP_METHOD_DELETE;
      *path = g_strdup_printf ("/images/%s", escaped);
    }
  else
    {
      g_autofree char *repo = NULL;
      g_autofree char *tag = NULL;

      reference = berth_reference_parse (self->target, NULL);
      escaped = berth_engine_escape (self->source);
      repo = g_uri_escape_string (berth_reference_get_familiar_name (reference), NULL, FALSE);
      tag = g_uri_escape_string (berth_reference_get_tag (reference), NULL, FALSE);
      *method = SOUP_METHOD_POST;
      *path = g_strdup_printf ("/images/%s/tag?repo=%s&tag=%s", escaped, repo, tag);
    }

  return TRUE;
}

/**
 * berth_image_tag_to_argv:
 *
 * Returns: (transfer full): { "docker", "tag", SOURCE, TARGET, NULL } or
 *   { "docker", "rmi", TAG, NULL }
 */
char **
berth_image_tag_to_argv (const BerthImageTag *self)
{
  g_autoptr (GStrvBuilder) argv = g_strv_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  g_strv_builder_add (argv, "docker");
  if (self->kind == BERTH_IMAGE_TAG_ADD)
    g_strv_builder_addv (argv, (const char *[]) { "tag", self->source ? self->source : "",
                                                  self->target ? self->target : "", NULL });
  else
    g_strv_builder_addv (argv, (const char *[]) { "rmi", self->target ? self->target : "", NULL });

  return g_strv_builder_end (argv);
}

char *
berth_image_tag_to_command (const BerthImageTag *self)
{
  g_auto (GStrv) argv = berth_image_tag_to_argv (self);

  return berth_shell_join ((const char * const *) argv);
}

static void
tag_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  JsonNode *node;

  node = berth_engine_send_json_finish (BERTH_ENGINE (object), result, &error);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, node, (GDestroyNotify) json_node_unref);
}

/**
 * berth_image_tag_run_async:
 *
 * Validates and sends. Invalid input fails with
 * %BERTH_ENGINE_ERROR_INVALID_ARGUMENT before anything is sent.
 */
void
berth_image_tag_run_async (const BerthImageTag *self,
                           BerthEngine         *engine,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (SoupMessage) message = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  const char *method;

  g_return_if_fail (self != NULL);
  g_return_if_fail (BERTH_IS_ENGINE (engine));

  task = g_task_new (engine, cancellable, callback, user_data);
  g_task_set_source_tag (task, berth_image_tag_run_async);

  if (!berth_image_tag_build_request (self, &method, &path, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  message = berth_engine_new_message (engine, method, path);
  berth_engine_send_json_async (engine, message, cancellable, tag_cb, g_steal_pointer (&task));
}

/**
 * berth_image_tag_run_finish:
 *
 * Returns: (transfer full) (nullable): for a removal, the engine's report
 *   ([{"Untagged": …}, {"Deleted": …}] — the image itself goes with its
 *   last tag); %NULL for a tag. Check @error for failure.
 */
JsonNode *
berth_image_tag_run_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Reading list answers ------------------------------------------------------------ */

typedef GObject *(*ItemFromJson) (JsonObject  *object,
                                  GError     **error);

/* Runs on a worker thread: the answer of GET /images/{id}/history or
 * /images/search, array -> GListStore. */
static GListModel *
list_from_json (JsonNode      *root,
                GType          item_type,
                ItemFromJson   item_from_json,
                GError       **error)
{
  g_autoptr (GListStore) store = g_list_store_new (item_type);
  JsonArray *array;

  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error_literal (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_DATA,
                           _("The engine’s answer is not a list"));
      return NULL;
    }

  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = NULL;
      g_autoptr (GObject) item = NULL;

      if (!_berth_json_node_object (json_array_get_element (array, i), "[]", &object, error) ||
          (item = item_from_json (object, error)) == NULL)
        return NULL;
      g_list_store_append (store, item);
    }

  return G_LIST_MODEL (g_steal_pointer (&store));
}

/* History ---------------------------------------------------------------------- */

struct _BerthHistoryEntry
{
  GObject  parent_instance;

  char    *id;
  gint64   created;
  char    *created_by;
  gint64   size;
  char    *comment;
  char   **tags;
};

enum {
  HISTORY_PROP_0,
  HISTORY_PROP_ID,
  HISTORY_PROP_CREATED,
  HISTORY_PROP_CREATED_BY,
  HISTORY_PROP_SIZE,
  HISTORY_PROP_COMMENT,
  HISTORY_PROP_TAGS,
  N_HISTORY_PROPS
};

static GParamSpec *history_properties[N_HISTORY_PROPS];

G_DEFINE_FINAL_TYPE (BerthHistoryEntry, berth_history_entry, G_TYPE_OBJECT)

static void
berth_history_entry_finalize (GObject *object)
{
  BerthHistoryEntry *self = BERTH_HISTORY_ENTRY (object);

  g_free (self->id);
  g_free (self->created_by);
  g_free (self->comment);
  g_strfreev (self->tags);

  G_OBJECT_CLASS (berth_history_entry_parent_class)->finalize (object);
}

static void
berth_history_entry_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  BerthHistoryEntry *self = BERTH_HISTORY_ENTRY (object);

  switch (prop_id)
    {
    case HISTORY_PROP_ID: g_value_set_string (value, self->id); break;
    case HISTORY_PROP_CREATED: g_value_set_int64 (value, self->created); break;
    case HISTORY_PROP_CREATED_BY: g_value_set_string (value, self->created_by); break;
    case HISTORY_PROP_SIZE: g_value_set_int64 (value, self->size); break;
    case HISTORY_PROP_COMMENT: g_value_set_string (value, self->comment); break;
    case HISTORY_PROP_TAGS: g_value_set_boxed (value, self->tags); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
berth_history_entry_class_init (BerthHistoryEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = berth_history_entry_finalize;
  object_class->get_property = berth_history_entry_get_property;

  /**
   * BerthHistoryEntry:id:
   *
   * The layer's image id, or "<missing>" for layers pulled as part of
   * another image.
   */
  history_properties[HISTORY_PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, flags);
  /**
   * BerthHistoryEntry:created:
   *
   * Seconds since the epoch.
   */
  history_properties[HISTORY_PROP_CREATED] =
    g_param_spec_int64 ("created", NULL, NULL, 0, G_MAXINT64, 0, flags);
  history_properties[HISTORY_PROP_CREATED_BY] =
    g_param_spec_string ("created-by", NULL, NULL, NULL, flags);
  history_properties[HISTORY_PROP_SIZE] =
    g_param_spec_int64 ("size", NULL, NULL, 0, G_MAXINT64, 0, flags);
  history_properties[HISTORY_PROP_COMMENT] =
    g_param_spec_string ("comment", NULL, NULL, NULL, flags);
  history_properties[HISTORY_PROP_TAGS] =
    g_param_spec_boxed ("tags", NULL, NULL, G_TYPE_STRV, flags);

  g_object_class_install_properties (object_class, N_HISTORY_PROPS, history_properties);
}

static void
berth_history_entry_init (BerthHistoryEntry *self)
{
}

static GObject *
history_entry_from_json (JsonObject  *object,
                         GError     **error)
{
  g_autoptr (BerthHistoryEntry) self = g_object_new (BERTH_TYPE_HISTORY_ENTRY, NULL);
  const char *id = NULL, *created_by = NULL, *comment = NULL;

  if (!_berth_json_get_string (object, "Id", BERTH_JSON_OPTIONAL, &id, error) ||
      !_berth_json_get_int (object, "Created", BERTH_JSON_OPTIONAL, &self->created, error) ||
      !_berth_json_get_string (object, "CreatedBy", BERTH_JSON_OPTIONAL, &created_by, error) ||
      !_berth_json_get_int (object, "Size", BERTH_JSON_OPTIONAL, &self->size, error) ||
      !_berth_json_get_string (object, "Comment", BERTH_JSON_OPTIONAL, &comment, error) ||
      !_berth_json_get_strv (object, "Tags", &self->tags, error))
    return NULL;

  self->id = g_strdup (id ? id : "<missing>");
  self->created_by = g_strdup (created_by ? created_by : "");
  self->comment = g_strdup (comment ? comment : "");
  self->created = MAX (self->created, 0);
  self->size = MAX (self->size, 0);
  return G_OBJECT (g_steal_pointer (&self));
}

const char *
berth_history_entry_get_id (BerthHistoryEntry *self)
{
  g_return_val_if_fail (BERTH_IS_HISTORY_ENTRY (self), NULL);
  return self->id;
}

gint64
berth_history_entry_get_created (BerthHistoryEntry *self)
{
  g_return_val_if_fail (BERTH_IS_HISTORY_ENTRY (self), 0);
  return self->created;
}

/* The instruction that made the layer: "/bin/sh -c #(nop)  CMD [\"sh\"]". */
const char *
berth_history_entry_get_created_by (BerthHistoryEntry *self)
{
  g_return_val_if_fail (BERTH_IS_HISTORY_ENTRY (self), NULL);
  return self->created_by;
}

gint64
berth_history_entry_get_size (BerthHistoryEntry *self)
{
  g_return_val_if_fail (BERTH_IS_HISTORY_ENTRY (self), 0);
  return self->size;
}

const char *
berth_history_entry_get_comment (BerthHistoryEntry *self)
{
  g_return_val_if_fail (BERTH_IS_HISTORY_ENTRY (self), NULL);
  return self->comment;
}

const char * const *
berth_history_entry_get_tags (BerthHistoryEntry *self)
{
  g_return_val_if_fail (BERTH_IS_HISTORY_ENTRY (self), NULL);
  return (const char * const *) self->tags;
}

char **
berth_image_history_argv (const char *image)
{
  const char *argv[] = { "docker", "history", image, NULL };

  g_return_val_if_fail (image != NULL, NULL);
  return g_strdupv ((char **) argv);
}

typedef struct
{
  ItemFromJson  item_from_json;
  gboolean      reaches_registry;  /* a 5xx means the registry was out of reach */
} ListKind;

static const ListKind history_kind = { history_entry_from_json, FALSE };

static void
parse_list_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  const ListKind *kind = g_object_get_data (G_OBJECT (task), "kind");
  GType item_type = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (task), "item-type"));
  GError *error = NULL;
  GListModel *model = list_from_json (task_data, item_type, kind->item_from_json, &error);

  if (model == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, model, g_object_unref);
}

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  const ListKind *kind = g_object_get_data (G_OBJECT (task), "kind");
  g_autoptr (GError) error = NULL;
  JsonNode *root;

  root = berth_engine_get_json_finish (BERTH_ENGINE (object), result, &error);
  if (error != NULL)
    {
      if (kind->reaches_registry && error->code == BERTH_ENGINE_ERROR_SERVER)
        {
          g_task_return_new_error (task, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_SERVER,
                                   _("The engine could not search the registry: %s"),
                                   error->message);
          return;
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_set_task_data (task, root, (GDestroyNotify) json_node_unref);
  g_task_run_in_thread (task, parse_list_thread);
}

static void
get_list_async (BerthEngine         *engine,
                const char          *path,
                const ListKind      *kind,
                GType                item_type,
                gpointer             source_tag,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (engine, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_object_set_data (G_OBJECT (task), "kind", (gpointer) kind);
  g_object_set_data (G_OBJECT (task), "item-type", GSIZE_TO_POINTER (item_type));
  berth_engine_get_json_async (engine, path, cancellable, list_cb, g_steal_pointer (&task));
}

/**
 * berth_image_history_async:
 * @image: an image id or reference
 *
 * Reads the image's layers, newest first (`docker history`).
 */
void
berth_image_history_async (BerthEngine         *engine,
                           const char          *image,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (BERTH_IS_ENGINE (engine));
  g_return_if_fail (image != NULL && *image != '\0');

  escaped = berth_engine_escape (image);
  path = g_strdup_printf ("/images/%s/history", escaped);
  get_list_async (engine, path, &history_kind, BERTH_TYPE_HISTORY_ENTRY,
                  berth_image_history_async, cancellable, callback, user_data);
}

/**
 * berth_image_history_finish:
 *
 * Returns: (transfer full): a list of #BerthHistoryEntry, newest first
 */
GListModel *
berth_image_history_finish (BerthEngine   *engine,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, engine), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Search ----------------------------------------------------------------------- */

struct _BerthSearchResult
{
  GObject   parent_instance;

  char     *name;
  char     *description;
  guint     stars;
  gboolean  official;
  gboolean  automated;
};

enum {
  SEARCH_PROP_0,
  SEARCH_PROP_NAME,
  SEARCH_PROP_DESCRIPTION,
  SEARCH_PROP_STARS,
  SEARCH_PROP_OFFICIAL,
  SEARCH_PROP_AUTOMATED,
  N_SEARCH_PROPS
};

static GParamSpec *search_properties[N_SEARCH_PROPS];

G_DEFINE_FINAL_TYPE (BerthSearchResult, berth_search_result, G_TYPE_OBJECT)

static void
berth_search_result_finalize (GObject *object)
{
  BerthSearchResult *self = BERTH_SEARCH_RESULT (object);

  g_free (self->name);
  g_free (self->description);

  G_OBJECT_CLASS (berth_search_result_parent_class)->finalize (object);
}

static void
berth_search_result_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  BerthSearchResult *self = BERTH_SEARCH_RESULT (object);

  switch (prop_id)
    {
    case SEARCH_PROP_NAME: g_value_set_string (value, self->name); break;
    case SEARCH_PROP_DESCRIPTION: g_value_set_string (value, self->description); break;
    case SEARCH_PROP_STARS: g_value_set_uint (value, self->stars); break;
    case SEARCH_PROP_OFFICIAL: g_value_set_boolean (value, self->official); break;
    case SEARCH_PROP_AUTOMATED: g_value_set_boolean (value, self->automated); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
berth_search_result_class_init (BerthSearchResultClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = berth_search_result_finalize;
  object_class->get_property = berth_search_result_get_property;

  search_properties[SEARCH_PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, flags);
  search_properties[SEARCH_PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL, flags);
  search_properties[SEARCH_PROP_STARS] =
    g_param_spec_uint ("stars", NULL, NULL, 0, G_MAXUINT, 0, flags);
  search_properties[SEARCH_PROP_OFFICIAL] =
    g_param_spec_boolean ("official", NULL, NULL, FALSE, flags);
  search_properties[SEARCH_PROP_AUTOMATED] =
    g_param_spec_boolean ("automated", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_SEARCH_PROPS, search_properties);
}

static void
berth_search_result_init (BerthSearchResult *self)
{
}

static GObject *
search_result_from_json (JsonObject  *object,
                         GError     **error)
{
  g_autoptr (BerthSearchResult) self = g_object_new (BERTH_TYPE_SEARCH_RESULT, NULL);
  const char *name = NULL, *description = NULL;
  gint64 stars = 0;

  if (!_berth_json_get_string (object, "name", BERTH_JSON_REQUIRED, &name, error) ||
      !_berth_json_get_string (object, "description", BERTH_JSON_OPTIONAL, &description, error) ||
      !_berth_json_get_int (object, "star_count", BERTH_JSON_OPTIONAL, &stars, error) ||
      !_berth_json_get_boolean (object, "is_official", &self->official, error) ||
      !_berth_json_get_boolean (object, "is_automated", &self->automated, error))
    return NULL;

  self->name = g_strdup (name);
  self->description = g_strdup (description ? description : "");
  self->stars = (guint) CLAMP (stars, 0, G_MAXUINT);
  return G_OBJECT (g_steal_pointer (&self));
}

const char *
berth_search_result_get_name (BerthSearchResult *self)
{
  g_return_val_if_fail (BERTH_IS_SEARCH_RESULT (self), NULL);
  return self->name;
}

const char *
berth_search_result_get_description (BerthSearchResult *self)
{
  g_return_val_if_fail (BERTH_IS_SEARCH_RESULT (self), NULL);
  return self->description;
}

guint
berth_search_result_get_stars (BerthSearchResult *self)
{
  g_return_val_if_fail (BERTH_IS_SEARCH_RESULT (self), 0);
  return self->stars;
}

gboolean
berth_search_result_get_official (BerthSearchResult *self)
{
  g_return_val_if_fail (BERTH_IS_SEARCH_RESULT (self), FALSE);
  return self->official;
}

gboolean
berth_search_result_get_automated (BerthSearchResult *self)
{
  g_return_val_if_fail (BERTH_IS_SEARCH_RESULT (self), FALSE);
  return self->automated;
}

/**
 * berth_image_search_argv:
 * @limit: 0 for the engine's default (25)
 */
char **
berth_image_search_argv (const char *term,
                         guint       limit)
{
  g_autoptr (GStrvBuilder) argv = g_strv_builder_new ();

  g_return_val_if_fail (term != NULL, NULL);

  g_strv_builder_addv (argv, (const char *[]) { "docker", "search", NULL });
  if (limit > 0)
    {
      g_autofree char *text = g_strdup_printf ("%u", limit);

      g_strv_builder_addv (argv, (const char *[]) { "--limit", text, NULL });
    }
  g_strv_builder_add (argv, term);
  return g_strv_builder_end (argv);
}

static const ListKind search_kind = { search_result_from_json, TRUE };

/**
 * berth_image_search_async:
 * @term: what to look for, like "nginx"
 * @limit: at most this many results (1 to %BERTH_IMAGE_SEARCH_LIMIT_MAX),
 *   or 0 for the engine's default
 *
 * Searches Docker Hub through the engine (`docker search`). Offline, the
 * error says the engine could not reach the registry, with its own words.
 */
void
berth_image_search_async (BerthEngine         *engine,
                          const char          *term,
                          guint                limit,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  g_autofree char *trimmed = NULL;

  g_return_if_fail (BERTH_IS_ENGINE (engine));
  g_return_if_fail (term != NULL);

  trimmed = g_strstrip (g_strdup (term));
  if (*trimmed == '\0' || limit > BERTH_IMAGE_SEARCH_LIMIT_MAX)
    {
      g_task_report_new_error (engine, callback, user_data, berth_image_search_async,
                               BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT, "%s",
                               *trimmed == '\0'
                                 ? _("Enter what to search for, like “nginx”")
                                 : _("A search returns at most 100 results"));
      return;
    }

  escaped = g_uri_escape_string (trimmed, NULL, FALSE);
  if (limit > 0)
    path = g_strdup_printf ("/images/search?term=%s&limit=%u", escaped, limit);
  else
    path = g_strdup_printf ("/images/search?term=%s", escaped);
  get_list_async (engine, path, &search_kind, BERTH_TYPE_SEARCH_RESULT,
                  berth_image_search_async, cancellable, callback, user_data);
}

/**
 * berth_image_search_finish:
 *
 * Returns: (transfer full): a list of #BerthSearchResult, as the registry
 *   ranked them
 */
GListModel *
berth_image_search_finish (BerthEngine   *engine,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, engine), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Disk usage ------------------------------------------------------------------- */

G_DEFINE_BOXED_TYPE (BerthDiskUsage, berth_disk_usage, berth_disk_usage_copy, berth_disk_usage_free)

BerthDiskUsage *
berth_disk_usage_copy (const BerthDiskUsage *self)
{
  return g_memdup2 (self, sizeof *self);
}

void
berth_disk_usage_free (BerthDiskUsage *self)
{
  g_free (self);
}

static gboolean
is_dangling (JsonObject  *image,
             gboolean    *dangling,
             GError     **error)
{
  g_auto (GStrv) tags = NULL;

  if (!_berth_json_get_strv (image, "RepoTags", &tags, error))
    return FALSE;

  *dangling = TRUE;
  for (guint i = 0; tags[i] != NULL; i++)
    {
      if (strcmp (tags[i], "<none>:<none>") != 0)
        *dangling = FALSE;
    }
  return TRUE;
}

static gboolean
add_images (BerthDiskUsage  *usage,
            JsonArray       *images,
            GError         **error)
{
  gint64 used = 0;

  for (guint i = 0; images != NULL && i < json_array_get_length (images); i++)
    {
      JsonObject *image = NULL;
      gint64 containers = 0, size = 0, shared = 0;
      gboolean dangling = FALSE;
      gint64 unique;

      if (!_berth_json_node_object (json_array_get_element (images, i), "Images", &image, error) ||
          !_berth_json_get_int (image, "Containers", BERTH_JSON_OPTIONAL, &containers, error) ||
          !_berth_json_get_int (image, "Size", BERTH_JSON_OPTIONAL, &size, error) ||
          !_berth_json_get_int (image, "SharedSize", BERTH_JSON_OPTIONAL, &shared, error) ||
          !is_dangling (image, &dangling, error))
        return FALSE;

      /* -1 means "not computed": count nothing rather than a negative size. */
      unique = size >= 0 && shared >= 0 ? MAX (size - shared, 0) : MAX (size, 0);
      usage->images++;
      if (containers > 0)
        {
          usage->images_in_use++;
          used += unique;
          continue;
        }

      usage->images_unused++;
      usage->images_unused_size += unique;
      if (dangling)
        {
          usage->images_dangling++;
          usage->images_dangling_size += unique;
        }
    }

  usage->images_reclaimable = MAX (usage->layers_size - used, 0);
  return TRUE;
}

static gboolean
add_containers (BerthDiskUsage  *usage,
                JsonArray       *containers,
                GError         **error)
{
  for (guint i = 0; containers != NULL && i < json_array_get_length (containers); i++)
    {
      JsonObject *container = NULL;
      const char *state = NULL;
      gint64 size = 0;

      if (!_berth_json_node_object (json_array_get_element (containers, i), "Containers", &container, error) ||
          !_berth_json_get_int (container, "SizeRw", BERTH_JSON_OPTIONAL, &size, error) ||
          !_berth_json_get_string (container, "State", BERTH_JSON_OPTIONAL, &state, error))
        return FALSE;

      size = MAX (size, 0);
      usage->containers++;
      usage->containers_size += size;
      if (g_strcmp0 (state, "running") == 0 || g_strcmp0 (state, "paused") == 0 ||
          g_strcmp0 (state, "restarting") == 0)
        usage->containers_running++;
      else
        usage->containers_reclaimable += size;
    }

  return TRUE;
}

static gboolean
add_volumes (BerthDiskUsage  *usage,
             JsonArray       *volumes,
             GError         **error)
{
  for (guint i = 0; volumes != NULL && i < json_array_get_length (volumes); i++)
    {
      JsonObject *volume = NULL, *data = NULL;
      gint64 size = 0, refs = 0;

      if (!_berth_json_node_object (json_array_get_element (volumes, i), "Volumes", &volume, error) ||
          !_berth_json_get_object (volume, "UsageData", BERTH_JSON_OPTIONAL, &data, error) ||
          !_berth_json_get_int (data, "Size", BERTH_JSON_OPTIONAL, &size, error) ||
          !_berth_json_get_int (data, "RefCount", BERTH_JSON_OPTIONAL, &refs, error))
        return FALSE;

      size = MAX (size, 0);
      usage->volumes++;
      usage->volumes_size += size;
      if (refs == 0)
        {
          usage->volumes_unused++;
          usage->volumes_reclaimable += size;
        }
    }

  return TRUE;
}

static gboolean
add_build_cache (BerthDiskUsage  *usage,
                 JsonArray       *records,
                 GError         **error)
{
  for (guint i = 0; records != NULL && i < json_array_get_length (records); i++)
    {
      JsonObject *record = NULL;
      gboolean in_use = FALSE;
      gint64 size = 0;

      if (!_berth_json_node_object (json_array_get_element (records, i), "BuildCache", &record, error) ||
          !_berth_json_get_int (record, "Size", BERTH_JSON_OPTIONAL, &size, error) ||
          !_berth_json_get_boolean (record, "InUse", &in_use, error))
        return FALSE;

      size = MAX (size, 0);
      usage->build_cache_size += size;
      if (!in_use)
        usage->build_cache_reclaimable += size;
    }

  return TRUE;
}

/**
 * berth_disk_usage_new_from_json:
 * @node: the answer of GET /system/df
 *
 * Returns: (transfer full): the summed-up usage, or %NULL with @error set
 */
BerthDiskUsage *
berth_disk_usage_new_from_json (JsonNode  *node,
                                GError   **error)
{
  g_autoptr (BerthDiskUsage) usage = g_new0 (BerthDiskUsage, 1);
  JsonObject *root = NULL;
  JsonArray *images = NULL, *containers = NULL, *volumes = NULL, *cache = NULL;

  if (!_berth_json_node_object (node, "df", &root, error) ||
      !_berth_json_get_int (root, "LayersSize", BERTH_JSON_OPTIONAL, &usage->layers_size, error) ||
      !_berth_json_get_array (root, "Images", BERTH_JSON_OPTIONAL, &images, error) ||
      !_berth_json_get_array (root, "Containers", BERTH_JSON_OPTIONAL, &containers, error) ||
      !_berth_json_get_array (root, "Volumes", BERTH_JSON_OPTIONAL, &volumes, error) ||
      !_berth_json_get_array (root, "BuildCache", BERTH_JSON_OPTIONAL, &cache, error))
    return NULL;

  usage->layers_size = MAX (usage->layers_size, 0);
  if (!add_images (usage, images, error) ||
      !add_containers (usage, containers, error) ||
      !add_volumes (usage, volumes, error) ||
      !add_build_cache (usage, cache, error))
    return NULL;

  return g_steal_pointer (&usage);
}

char **
berth_disk_usage_argv (void)
{
  const char *argv[] = { "docker", "system", "df", NULL };

  return g_strdupv ((char **) argv);
}

static void
df_cb (GObject      *object,
       GAsyncResult *result,
       gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = NULL;
  BerthDiskUsage *usage = NULL;

  root = berth_engine_get_json_finish (BERTH_ENGINE (object), result, &error);
  if (error == NULL)
    usage = berth_disk_usage_new_from_json (root, &error);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, usage, (GDestroyNotify) berth_disk_usage_free);
}

/**
 * berth_disk_usage_async:
 *
 * Asks the engine how much space images, containers, volumes and the build
 * cache take, and what a prune would free (GET /system/df, which can take a
 * while on big hosts).
 */
void
berth_disk_usage_async (BerthEngine         *engine,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (BERTH_IS_ENGINE (engine));

  task = g_task_new (engine, cancellable, callback, user_data);
  g_task_set_source_tag (task, berth_disk_usage_async);
  berth_engine_get_json_async (engine, "/system/df", cancellable, df_cb, g_steal_pointer (&task));
}

BerthDiskUsage *
berth_disk_usage_finish (BerthEngine   *engine,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, engine), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
