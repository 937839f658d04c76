/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "BerthEngine"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "berth-engine-enums.h"
#include "berth-engine-error.h"
#include "berth-json-private.h"
#include "berth-progress.h"

/* The JSON-lines stream of a pull, a push or a load, as a model the UI binds
 * to: one BerthProgressLayer per layer, updated in place, and overall
 * bytes, fraction, status and digest. Failure reported inside the stream
 * (HTTP 200 with "errorDetail") becomes a GError in the registry's words. */

/* Layers ------------------------------------------------------------------- */

struct _BerthProgressLayer
{
  GObject             parent_instance;

  char               *id;
  char               *status;
  BerthProgressPhase  phase;
  guint64             current;
  guint64             total;
  double              fraction;

  /* Bytes of the transfer itself (download or upload), for the totals. */
  guint64             size;
  guint64             transferred;
  gboolean            extracts;
};

enum {
  LAYER_PROP_0,
  LAYER_PROP_ID,
  LAYER_PROP_STATUS,
  LAYER_PROP_PHASE,
  LAYER_PROP_CURRENT,
  LAYER_PROP_TOTAL,
  LAYER_PROP_FRACTION,
  LAYER_PROP_DONE,
  N_LAYER_PROPS
};

static GParamSpec *layer_properties[N_LAYER_PROPS];

G_DEFINE_FINAL_TYPE (BerthProgressLayer, berth_progress_layer, G_TYPE_OBJECT)

static void
berth_progress_layer_finalize (GObject *object)
{
  BerthProgressLayer *self = BERTH_PROGRESS_LAYER (object);

  g_free (self->id);
  g_free (self->status);

  G_OBJECT_CLASS (berth_progress_layer_parent_class)->finalize (object);
}

static void
berth_progress_layer_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  BerthProgressLayer *self = BERTH_PROGRESS_LAYER (object);

  switch (prop_id)
    {
    case LAYER_PROP_ID: g_value_set_string (value, self->id); break;
    case LAYER_PROP_STATUS: g_value_set_string (value, self->status); break;
    case LAYER_PROP_PHASE: g_value_set_enum (value, self->phase); break;
    case LAYER_PROP_CURRENT: g_value_set_uint64 (value, self->current); break;
    case LAYER_PROP_TOTAL: g_value_set_uint64 (value, self->total); break;
    case LAYER_PROP_FRACTION: g_value_set_double (value, self->fraction); break;
    case LAYER_PROP_DONE: g_value_set_boolean (value, self->phase == BERTH_PROGRESS_PHASE_DONE); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
berth_progress_layer_class_init (BerthProgressLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = berth_progress_layer_finalize;
  object_class->get_property = berth_progress_layer_get_property;

  layer_properties[LAYER_PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, flags);
  /**
   * BerthProgressLayer:status:
   *
   * The engine's words for what the layer is doing ("Downloading").
   */
  layer_properties[LAYER_PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL, flags);
  layer_properties[LAYER_PROP_PHASE] =
    g_param_spec_enum ("phase", NULL, NULL,
                       BERTH_TYPE_PROGRESS_PHASE, BERTH_PROGRESS_PHASE_WAITING, flags);
  /**
   * BerthProgressLayer:current:
   *
   * Bytes done in the current phase (downloaded, extracted, pushed).
   */
  layer_properties[LAYER_PROP_CURRENT] =
    g_param_spec_uint64 ("current", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  layer_properties[LAYER_PROP_TOTAL] =
    g_param_spec_uint64 ("total", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  /**
   * BerthProgressLayer:fraction:
   *
   * How far the whole layer is, 0 to 1: for a pull, downloading is the
   * first half and extracting the second.
   */
  layer_properties[LAYER_PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, 0.0, 1.0, 0.0, flags);
  layer_properties[LAYER_PROP_DONE] =
    g_param_spec_boolean ("done", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_LAYER_PROPS, layer_properties);
}

static void
berth_progress_layer_init (BerthProgressLayer *self)
{
}

const char *
berth_progress_layer_get_id (BerthProgressLayer *self)
{
  g_return_val_if_fail (BERTH_IS_PROGRESS_LAYER (self), NULL);
  return self->id;
}

const char *
berth_progress_layer_get_status (BerthProgressLayer *self)
{
  g_return_val_if_fail (BERTH_IS_PROGRESS_LAYER (self), NULL);
  return self->status;
}

BerthProgressPhase
berth_progress_layer_get_phase (BerthProgressLayer *self)
{
  g_return_val_if_fail (BERTH_IS_PROGRESS_LAYER (self), BERTH_PROGRESS_PHASE_WAITING);
  return self->phase;
}

guint64
berth_progress_layer_get_current (BerthProgressLayer *self)
{
  g_return_val_if_fail (BERTH_IS_PROGRESS_LAYER (self), 0);
  return self->current;
}

guint64
berth_progress_layer_get_total (BerthProgressLayer *self)
{
  g_return_val_if_fail (BERTH_IS_PROGRESS_LAYER (self), 0);
  return self->total;
}

double
berth_progress_layer_get_fraction (BerthProgressLayer *self)
{
  g_return_val_if_fail (BERTH_IS_PROGRESS_LAYER (self), 0.0);
  return self->fraction;
}

gboolean
berth_progress_layer_get_done (BerthProgressLayer *self)
{
  g_return_val_if_fail (BERTH_IS_PROGRESS_LAYER (self), FALSE);
  return self->phase == BERTH_PROGRESS_PHASE_DONE;
}

static BerthProgressPhase
phase_for_status (const char         *status,
                  BerthProgressPhase  previous)
{
  static const struct { const char *prefix; BerthProgressPhase phase; } phases[] = {
    { "Pulling fs layer", BERTH_PROGRESS_PHASE_WAITING },
    { "Waiting", BERTH_PROGRESS_PHASE_WAITING },
    { "Preparing", BERTH_PROGRESS_PHASE_WAITING },
    { "Downloading", BERTH_PROGRESS_PHASE_TRANSFERRING },
    { "Pushing", BERTH_PROGRESS_PHASE_TRANSFERRING },
    { "Loading layer", BERTH_PROGRESS_PHASE_TRANSFERRING },
    { "Verifying Checksum", BERTH_PROGRESS_PHASE_VERIFYING },
    { "Download complete", BERTH_PROGRESS_PHASE_VERIFYING },
    { "Extracting", BERTH_PROGRESS_PHASE_EXTRACTING },
    { "Pull complete", BERTH_PROGRESS_PHASE_DONE },
    { "Already exists", BERTH_PROGRESS_PHASE_DONE },
    { "Pushed", BERTH_PROGRESS_PHASE_DONE },
    { "Layer already exists", BERTH_PROGRESS_PHASE_DONE },
    { "Mounted from", BERTH_PROGRESS_PHASE_DONE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (phases); i++)
    {
      if (g_str_has_prefix (status, phases[i].prefix))
        return phases[i].phase;
    }

  /* "Retrying in 5 seconds" and the like: the layer waits again, unless
   * it was finished. */
  return previous == BERTH_PROGRESS_PHASE_DONE ? previous : BERTH_PROGRESS_PHASE_WAITING;
}

static double
ratio (guint64 current,
       guint64 total)
{
  if (total == 0)
    return 0.0;
  return MIN (1.0, (double) current / (double) total);
}

static double
layer_fraction (BerthProgressLayer *self)
{
  double half = self->extracts ? 0.5 : 1.0;

  switch (self->phase)
    {
    case BERTH_PROGRESS_PHASE_WAITING:
      return 0.0;
    case BERTH_PROGRESS_PHASE_TRANSFERRING:
      return half * ratio (self->current, self->total);
    case BERTH_PROGRESS_PHASE_VERIFYING:
      return half;
    case BERTH_PROGRESS_PHASE_EXTRACTING:
      return 0.5 + 0.5 * ratio (self->current, self->total);
    case BERTH_PROGRESS_PHASE_DONE:
    default:
      return 1.0;
    }
}

static void
layer_update (BerthProgressLayer *self,
              const char         *status,
              gboolean            has_detail,
              guint64             current,
              guint64             total)
{
  BerthProgressPhase phase = phase_for_status (status, self->phase);
  GObject *object = G_OBJECT (self);
  double fraction;

  g_object_freeze_notify (object);

  if (g_strcmp0 (self->status, status) != 0)
    {
      g_free (self->status);
      self->status = g_strdup (status);
      g_object_notify_by_pspec (object, layer_properties[LAYER_PROP_STATUS]);
    }

  if (g_str_has_prefix (status, "Downloading") || phase == BERTH_PROGRESS_PHASE_EXTRACTING)
    self->extracts = TRUE;

  if (phase != self->phase)
    {
      gboolean was_done = self->phase == BERTH_PROGRESS_PHASE_DONE;

      self->phase = phase;
      g_object_notify_by_pspec (object, layer_properties[LAYER_PROP_PHASE]);
      if (was_done != (phase == BERTH_PROGRESS_PHASE_DONE))
        g_object_notify_by_pspec (object, layer_properties[LAYER_PROP_DONE]);
      /* A new phase starts counting from nothing. */
      if (!has_detail)
        current = total = 0;
      has_detail = TRUE;
    }

  if (has_detail && current != self->current)
    {
      self->current = current;
      g_object_notify_by_pspec (object, layer_properties[LAYER_PROP_CURRENT]);
    }
  if (has_detail && total != self->total)
    {
      self->total = total;
      g_object_notify_by_pspec (object, layer_properties[LAYER_PROP_TOTAL]);
    }

  if (phase == BERTH_PROGRESS_PHASE_TRANSFERRING)
    {
      self->size = MAX (self->size, total);
      self->transferred = MIN (current, self->size);
    }
  else if (phase != BERTH_PROGRESS_PHASE_WAITING)
    self->transferred = self->size;

  fraction = layer_fraction (self);
  if (fraction != self->fraction)
    {
      self->fraction = fraction;
      g_object_notify_by_pspec (object, layer_properties[LAYER_PROP_FRACTION]);
    }

  g_object_thaw_notify (object);
}

/* The whole transfer --------------------------------------------------------- */

struct _BerthProgress
{
  GObject      parent_instance;

  GPtrArray   *layers;
  GHashTable  *by_id;

  guint64      current;
  guint64      total;
  double       fraction;
  char        *status;
  char        *digest;
  gboolean     finished;
};

enum {
  PROP_0,
  PROP_CURRENT,
  PROP_TOTAL,
  PROP_FRACTION,
  PROP_STATUS,
  PROP_DIGEST,
  PROP_FINISHED,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BerthProgress, berth_progress, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
berth_progress_get_item_type (GListModel *model)
{
  return BERTH_TYPE_PROGRESS_LAYER;
}

static guint
berth_progress_get_n_items (GListModel *model)
{
  return BERTH_PROGRESS (model)->layers->len;
}

static gpointer
berth_progress_get_item (GListModel *model,
                         guint       position)
{
  BerthProgress *self = BERTH_PROGRESS (model);

  if (position >= self->layers->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->layers, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = berth_progress_get_item_type;
  iface->get_n_items = berth_progress_get_n_items;
  iface->get_item = berth_progress_get_item;
}

static void
berth_progress_finalize (GObject *object)
{
  BerthProgress *self = BERTH_PROGRESS (object);

  g_ptr_array_unref (self->layers);
  g_hash_table_unref (self->by_id);
  g_free (self->status);
  g_free (self->digest);

  G_OBJECT_CLASS (berth_progress_parent_class)->finalize (object);
}

static void
berth_progress_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  BerthProgress *self = BERTH_PROGRESS (object);

  switch (prop_id)
    {
    case PROP_CURRENT: g_value_set_uint64 (value, self->current); break;
    case PROP_TOTAL: g_value_set_uint64 (value, self->total); break;
    case PROP_FRACTION: g_value_set_double (value, self->fraction); break;
    case PROP_STATUS: g_value_set_string (value, self->status); break;
    case PROP_DIGEST: g_value_set_string (value, self->digest); break;
    case PROP_FINISHED: g_value_set_boolean (value, self->finished); break;
    case PROP_N_ITEMS: g_value_set_uint (value, self->layers->len); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
berth_progress_class_init (BerthProgressClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = berth_progress_finalize;
  object_class->get_property = berth_progress_get_property;

  /**
   * BerthProgress:current:
   *
   * Bytes transferred so far, over all layers whose size is known.
   */
  properties[PROP_CURRENT] =
    g_param_spec_uint64 ("current", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  /**
   * BerthProgress:total:
   *
   * Bytes to transfer, as far as known yet (0 when unknown).
   */
  properties[PROP_TOTAL] =
    g_param_spec_uint64 ("total", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  /**
   * BerthProgress:fraction:
   *
   * How far the whole operation is, 0 to 1: the mean of the layers'
   * fractions, or current/total when there are no layers.
   */
  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, 0.0, 1.0, 0.0, flags);
  /**
   * BerthProgress:status:
   *
   * The engine's last word about the whole operation, e.g. "Downloaded
   * newer image for busybox:latest".
   */
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL, flags);
  properties[PROP_DIGEST] =
    g_param_spec_string ("digest", NULL, NULL, NULL, flags);
  properties[PROP_FINISHED] =
    g_param_spec_boolean ("finished", NULL, NULL, FALSE, flags);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
berth_progress_init (BerthProgress *self)
{
  self->layers = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
}

BerthProgress *
berth_progress_new (void)
{
  return g_object_new (BERTH_TYPE_PROGRESS, NULL);
}

guint64
berth_progress_get_current (BerthProgress *self)
{
  g_return_val_if_fail (BERTH_IS_PROGRESS (self), 0);
  return self->current;
}

guint64
berth_progress_get_total (BerthProgress *self)
{
  g_return_val_if_fail (BERTH_IS_PROGRESS (self), 0);
  return self->total;
}

double
berth_progress_get_fraction (BerthProgress *self)
{
  g_return_val_if_fail (BERTH_IS_PROGRESS (self), 0.0);
  return self->fraction;
}

const char *
berth_progress_get_status (BerthProgress *self)
{
  g_return_val_if_fail (BERTH_IS_PROGRESS (self), NULL);
  return self->status;
}

/**
 * berth_progress_get_digest:
 *
 * Returns: (nullable): the content digest the registry reported
 *   ("sha256:…"), once known
 */
const char *
berth_progress_get_digest (BerthProgress *self)
{
  g_return_val_if_fail (BERTH_IS_PROGRESS (self), NULL);
  return self->digest;
}

gboolean
berth_progress_get_finished (BerthProgress *self)
{
  g_return_val_if_fail (BERTH_IS_PROGRESS (self), FALSE);
  return self->finished;
}

/**
 * berth_progress_lookup_layer:
 *
 * Returns: (transfer none) (nullable): the layer with the engine's short @id
 */
BerthProgressLayer *
berth_progress_lookup_layer (BerthProgress *self,
                             const char    *id)
{
  g_return_val_if_fail (BERTH_IS_PROGRESS (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return g_hash_table_lookup (self->by_id, id);
}

static void
set_string (BerthProgress  *self,
            char          **field,
            const char     *value,
            int             prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_totals (BerthProgress *self,
            guint64        current,
            guint64        total,
            double         fraction)
{
  if (current != self->current)
    {
      self->current = current;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT]);
    }
  if (total != self->total)
    {
      self->total = total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
    }
  if (fraction != self->fraction)
    {
      self->fraction = fraction;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
    }
}

static void
update_totals (BerthProgress *self)
{
  guint64 current = 0, total = 0;
  double sum = 0.0;

  if (self->layers->len == 0)
    return;

  for (guint i = 0; i < self->layers->len; i++)
    {
      BerthProgressLayer *layer = g_ptr_array_index (self->layers, i);

      current += layer->transferred;
      total += layer->size;
      sum += layer->fraction;
    }

  set_totals (self, current, total, self->finished ? 1.0 : sum / self->layers->len);
}

static BerthProgressLayer *
ensure_layer (BerthProgress *self,
              const char    *id)
{
  BerthProgressLayer *layer = g_hash_table_lookup (self->by_id, id);

  if (layer != NULL)
    return layer;

  layer = g_object_new (BERTH_TYPE_PROGRESS_LAYER, NULL);
  layer->id = g_strdup (id);
  g_ptr_array_add (self->layers, layer);
  g_hash_table_insert (self->by_id, layer->id, layer);
  g_list_model_items_changed (G_LIST_MODEL (self), self->layers->len - 1, 0, 1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  return layer;
}

/* "Digest: sha256:…" (pull) and "v1: digest: sha256:… size: 738" (push). */
static char *
digest_in_status (const char *status)
{
  const char *found = strstr (status, "igest: ");
  const char *end;

  if (found == NULL || (found != status + 1 && found[-1] != 'd' && found[-1] != 'D'))
    return NULL;

  found += strlen ("igest: ");
  end = found;
  while (*end != '\0' && !g_ascii_isspace (*end))
    end++;
  return end > found ? g_strndup (found, end - found) : NULL;
}

/* Error words ---------------------------------------------------------------- */

/**
 * berth_stream_error_classify:
 * @error: an error from a pull, push or build, HTTP or inside the stream
 *
 * Gives a registry's refusal a code the UI can act on (offer to log in for
 * %BERTH_ENGINE_ERROR_UNAUTHORIZED), keeping the registry's own message.
 */
void
berth_stream_error_classify (GError *error)
{
  static const struct { const char *words; BerthEngineError code; } kinds[] = {
    { "unauthorized", BERTH_ENGINE_ERROR_UNAUTHORIZED },
    { "authentication required", BERTH_ENGINE_ERROR_UNAUTHORIZED },
    { "no basic auth credentials", BERTH_ENGINE_ERROR_UNAUTHORIZED },
    { "incorrect username or password", BERTH_ENGINE_ERROR_UNAUTHORIZED },
    { "denied", BERTH_ENGINE_ERROR_FORBIDDEN },
    { "manifest unknown", BERTH_ENGINE_ERROR_NOT_FOUND },
    { "not found", BERTH_ENGINE_ERROR_NOT_FOUND },
    { "does not exist", BERTH_ENGINE_ERROR_NOT_FOUND },
    { "no such image", BERTH_ENGINE_ERROR_NOT_FOUND },
    { "image not known", BERTH_ENGINE_ERROR_NOT_FOUND },
  };
  g_autofree char *folded = NULL;

  if (error == NULL || error->domain != BERTH_ENGINE_ERROR ||
      error->code == BERTH_ENGINE_ERROR_CONNECTION ||
      error->code == BERTH_ENGINE_ERROR_INVALID_ARGUMENT)
    return;

  folded = g_ascii_strdown (error->message, -1);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      if (strstr (folded, kinds[i].words) != NULL)
        {
          error->code = kinds[i].code;
          return;
        }
    }
}

/**
 * berth_stream_error_new:
 * @message: the words of an "errorDetail" inside a stream
 *
 * Returns: (transfer full): a %BERTH_ENGINE_ERROR_STREAM error, or a more
 *   precise code when the words say what went wrong
 */
GError *
berth_stream_error_new (const char *message)
{
  GError *error;

  if (message == NULL || *message == '\0')
    message = _("The engine reported a failure without saying what it was");

  error = g_error_new_literal (BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_STREAM, message);
  berth_stream_error_classify (error);
  return error;
}

/* "errorDetail": {"message": …} or the older "error": "…". */
static gboolean
check_stream_error (JsonObject  *object,
                    GError     **error)
{
  JsonObject *detail = NULL;
  const char *message = NULL;
  const char *text = NULL;

  if (!json_object_has_member (object, "errorDetail") && !json_object_has_member (object, "error"))
    return TRUE;

  /* Malformed error members still mean failure: fall back to what is there. */
  if (!_berth_json_get_object (object, "errorDetail", BERTH_JSON_OPTIONAL, &detail, NULL) ||
      !_berth_json_get_string (detail, "message", BERTH_JSON_OPTIONAL, &message, NULL))
    message = NULL;
  if (!_berth_json_get_string (object, "error", BERTH_JSON_OPTIONAL, &text, NULL))
    text = NULL;

  if (message == NULL && text == NULL && detail == NULL && !json_object_has_member (object, "error"))
    return TRUE;

  g_propagate_error (error, berth_stream_error_new (message ? message : text));
  return FALSE;
}

/* Feeding ------------------------------------------------------------------ */

static gboolean
is_header (const char *status)
{
  /* {"status":"Pulling from library/busybox","id":"latest"}: the id is a tag. */
  return g_str_has_prefix (status, "Pulling from ") ||
         g_str_has_prefix (status, "Pulling repository ") ||
         g_str_has_prefix (status, "Trying to pull ");
}

static void
feed_status (BerthProgress *self,
             const char    *status)
{
  g_autofree char *digest = digest_in_status (status);

  if (digest != NULL)
    set_string (self, &self->digest, digest, PROP_DIGEST);

  if (g_str_has_prefix (status, "Status: "))
    status += strlen ("Status: ");
  set_string (self, &self->status, status, PROP_STATUS);
}

/**
 * berth_progress_feed_object:
 * @object: one line of the stream, parsed
 *
 * Returns: %FALSE with @error set when the line reports a failure
 */
gboolean
berth_progress_feed_object (BerthProgress  *self,
                            JsonObject     *object,
                            GError        **error)
{
  JsonObject *detail = NULL, *aux = NULL;
  const char *status = NULL, *id = NULL, *digest = NULL;
  gint64 current = 0, total = 0;

  g_return_val_if_fail (BERTH_IS_PROGRESS (self), FALSE);
  g_return_val_if_fail (object != NULL, FALSE);

  if (!check_stream_error (object, error))
    return FALSE;

  if (!_berth_json_get_string (object, "status", BERTH_JSON_OPTIONAL, &status, error) ||
      !_berth_json_get_string (object, "id", BERTH_JSON_OPTIONAL, &id, error) ||
      !_berth_json_get_object (object, "progressDetail", BERTH_JSON_OPTIONAL, &detail, error) ||
      !_berth_json_get_int (detail, "current", BERTH_JSON_OPTIONAL, &current, error) ||
      !_berth_json_get_int (detail, "total", BERTH_JSON_OPTIONAL, &total, error) ||
      !_berth_json_get_object (object, "aux", BERTH_JSON_OPTIONAL, &aux, error) ||
      !_berth_json_get_string (aux, "Digest", BERTH_JSON_OPTIONAL, &digest, error))
    return FALSE;

  g_object_freeze_notify (G_OBJECT (self));

  if (digest != NULL)
    set_string (self, &self->digest, digest, PROP_DIGEST);

  if (status != NULL && id != NULL && *id != '\0' && !is_header (status))
    {
      gboolean has_detail = detail != NULL && json_object_has_member (detail, "current");

      layer_update (ensure_layer (self, id), status, has_detail,
                    (guint64) MAX (current, 0), (guint64) MAX (total, 0));
      update_totals (self);
    }
  else if (status != NULL)
    feed_status (self, status);

  g_object_thaw_notify (G_OBJECT (self));
  return TRUE;
}

/**
 * berth_progress_feed_line:
 * @line: one line of the stream
 * @length: its length, or -1 when nul-terminated
 *
 * Blank lines and lines that are not JSON objects are skipped.
 *
 * Returns: %FALSE with @error set when the line reports a failure
 */
gboolean
berth_progress_feed_line (BerthProgress  *self,
                          const char     *line,
                          gssize          length,
                          GError        **error)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autoptr (GError) parse_error = NULL;
  JsonNode *root;

  g_return_val_if_fail (BERTH_IS_PROGRESS (self), FALSE);
  g_return_val_if_fail (line != NULL, FALSE);

  if (length < 0)
    length = strlen (line);
  if (length == 0)
    return TRUE;

  if (!json_parser_load_from_data (parser, line, length, &parse_error) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_debug ("Skipping a progress line that is not a JSON object");
      return TRUE;
    }

  return berth_progress_feed_object (self, json_node_get_object (root), error);
}

/**
 * berth_progress_set_bytes:
 * @total: 0 when unknown
 *
 * For transfers that are just bytes (save, load, import, a build context).
 */
void
berth_progress_set_bytes (BerthProgress *self,
                          guint64        current,
                          guint64        total)
{
  g_return_if_fail (BERTH_IS_PROGRESS (self));

  g_object_freeze_notify (G_OBJECT (self));
  set_totals (self, current, total,
              self->layers->len > 0 ? self->fraction : ratio (current, total));
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * berth_progress_set_finished:
 *
 * Marks the whole operation as done: the fraction becomes 1.
 */
void
berth_progress_set_finished (BerthProgress *self)
{
  g_return_if_fail (BERTH_IS_PROGRESS (self));

  if (self->finished)
    return;

  self->finished = TRUE;
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FINISHED]);
  set_totals (self, self->current, self->total, 1.0);
  g_object_thaw_notify (G_OBJECT (self));
}

/* Reading a stream ----------------------------------------------------------- */

static gboolean
feed_object_cb (JsonObject  *object,
                gpointer     user_data,
                GError     **error)
{
  return berth_progress_feed_object (BERTH_PROGRESS (user_data), object, error);
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  BerthProgress *self = g_task_get_source_object (task);
  g_autoptr (GError) error = NULL;

  if (!berth_json_lines_read_finish (result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  berth_progress_set_finished (self);
  g_task_return_boolean (task, TRUE);
}

/**
 * berth_progress_read_async:
 * @stream: the body of a pull, push or load answer
 *
 * Reads @stream line by line into the model until it ends. Cancelling
 * closes @stream, which makes the engine stop the transfer.
 */
void
berth_progress_read_async (BerthProgress       *self,
                           GInputStream        *stream,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (BERTH_IS_PROGRESS (self));
  g_return_if_fail (G_IS_INPUT_STREAM (stream));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, berth_progress_read_async);

  berth_json_lines_read_async (stream, feed_object_cb, g_object_ref (self), g_object_unref,
                               cancellable, read_cb, g_steal_pointer (&task));
}

/**
 * berth_progress_read_finish:
 *
 * Returns: %TRUE when the stream ended without a failure; otherwise %FALSE
 *   with the registry's or engine's words in @error
 */
gboolean
berth_progress_read_finish (BerthProgress  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* JSON lines ------------------------------------------------------------------ */

typedef struct
{
  GDataInputStream  *input;
  BerthJsonLineFunc  func;
  gpointer           func_data;
  GDestroyNotify     func_data_free;
} LinesData;

static void
lines_data_free (LinesData *data)
{
  g_clear_object (&data->input);
  if (data->func_data_free != NULL)
    data->func_data_free (data->func_data);
  g_free (data);
}

static void read_next_line (GTask *task);

static void
close_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_input_stream_close_finish (G_INPUT_STREAM (object), result, NULL);
}

/* Closing the body before its end drops the connection: the engine sees its
 * client go and stops the pull, push or build. */
static void
close_quietly (GInputStream *stream)
{
  if (!g_input_stream_is_closed (stream) && !g_input_stream_has_pending (stream))
    g_input_stream_close_async (stream, G_PRIORITY_DEFAULT, NULL, close_cb, NULL);
}

static gboolean
handle_line (LinesData   *data,
             const char  *line,
             gsize        length,
             GError     **error)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;

  if (length == 0)
    return TRUE;

  if (!json_parser_load_from_data (parser, line, length, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_debug ("Skipping a stream line that is not a JSON object");
      return TRUE;
    }

  return data->func (json_node_get_object (root), data->func_data, error);
}

static void
read_line_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  LinesData *data = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autofree char *line = NULL;
  gsize length = 0;

  line = g_data_input_stream_read_line_finish (G_DATA_INPUT_STREAM (object), result, &length, &error);
  if (line == NULL && error == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (error == NULL)
    handle_line (data, line, length, &error);

  if (error == NULL)
    g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error);

  if (error != NULL)
    {
      close_quietly (G_INPUT_STREAM (data->input));
      if (error->domain != BERTH_ENGINE_ERROR &&
          !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          GError *wrapped = g_error_new (BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_CONNECTION,
                                         _("Lost the engine while reading its answer: %s"),
                                         error->message);
          g_clear_error (&error);
          error = wrapped;
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  read_next_line (g_steal_pointer (&task));
}

static void
read_next_line (GTask *task)
{
  LinesData *data = g_task_get_task_data (task);

  g_data_input_stream_read_line_async (data->input, G_PRIORITY_DEFAULT,
                                       g_task_get_cancellable (task),
                                       read_line_cb, task);
}

/**
 * berth_json_lines_read_async:
 * @stream: a stream of JSON objects, one a line
 * @func: called for each object; returning %FALSE stops with its error
 * @func_data_free: (nullable): frees @func_data when done
 *
 * Reads @stream line by line, never holding more than a line, until it
 * ends, @func fails or @cancellable is cancelled; then @stream is closed.
 */
void
berth_json_lines_read_async (GInputStream        *stream,
                             BerthJsonLineFunc    func,
                             gpointer             func_data,
                             GDestroyNotify       func_data_free,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;
  LinesData *data;

  g_return_if_fail (G_IS_INPUT_STREAM (stream));
  g_return_if_fail (func != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, berth_json_lines_read_async);

  data = g_new0 (LinesData, 1);
  data->input = g_data_input_stream_new (stream);
  g_data_input_stream_set_newline_type (data->input, G_DATA_STREAM_NEWLINE_TYPE_ANY);
  data->func = func;
  data->func_data = func_data;
  data->func_data_free = func_data_free;
  g_task_set_task_data (task, data, (GDestroyNotify) lines_data_free);

  read_next_line (task);
}

gboolean
berth_json_lines_read_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
