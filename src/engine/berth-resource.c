/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "BerthEngine"

#include "config.h"

#include <string.h>

#include "berth-json-private.h"
#include "berth-resource.h"

/* The common base of containers, images, volumes and networks: an id that
 * never changes and properties updated in place, so bound rows refresh
 * without being rebuilt. */

typedef struct
{
  char     *id;
  char     *short_id;
  char     *bare_id;     /* without "sha256:", borrowed from id */
  gboolean  stale;
} BerthResourcePrivate;

enum {
  PROP_0,
  PROP_ID,
  PROP_SHORT_ID,
  PROP_DISPLAY_NAME,
  PROP_STALE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (BerthResource, berth_resource, G_TYPE_OBJECT)

static void
berth_resource_finalize (GObject *object)
{
  BerthResourcePrivate *priv = berth_resource_get_instance_private (BERTH_RESOURCE (object));

  g_free (priv->id);
  g_free (priv->short_id);

  G_OBJECT_CLASS (berth_resource_parent_class)->finalize (object);
}

static void
berth_resource_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  BerthResource *self = BERTH_RESOURCE (object);
  BerthResourcePrivate *priv = berth_resource_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, priv->id);
      break;
    case PROP_SHORT_ID:
      g_value_set_string (value, priv->short_id);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, berth_resource_get_display_name (self));
      break;
    case PROP_STALE:
      g_value_set_boolean (value, priv->stale);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
berth_resource_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  BerthResource *self = BERTH_RESOURCE (object);
  BerthResourcePrivate *priv = berth_resource_get_instance_private (self);
  const char *id;

  switch (prop_id)
    {
    case PROP_ID:
      id = g_value_get_string (value);
      priv->id = g_strdup (id ? id : "");
      /* "sha256:0123…" shows as "0123456789ab", like docker does */
      if (g_str_has_prefix (priv->id, "sha256:"))
        id = priv->id + strlen ("sha256:");
      else
        id = priv->id;
      priv->bare_id = (char *) id;
      priv->short_id = g_strndup (id, 12);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static const char *
berth_resource_real_get_display_name (BerthResource *self)
{
  return berth_resource_get_short_id (self);
}

static gboolean
berth_resource_real_matches (BerthResource *self,
                             const char    *folded_needle)
{
  BerthResourcePrivate *priv = berth_resource_get_instance_private (self);

  return g_str_has_prefix (priv->bare_id, folded_needle);
}

static void
berth_resource_class_init (BerthResourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = berth_resource_finalize;
  object_class->get_property = berth_resource_get_property;
  object_class->set_property = berth_resource_set_property;

  klass->get_display_name = berth_resource_real_get_display_name;
  klass->matches = berth_resource_real_matches;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SHORT_ID] =
    g_param_spec_string ("short-id", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_STALE] =
    g_param_spec_boolean ("stale", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
berth_resource_init (BerthResource *self)
{
}

const char *
berth_resource_get_id (BerthResource *self)
{
  BerthResourcePrivate *priv = berth_resource_get_instance_private (self);

  g_return_val_if_fail (BERTH_IS_RESOURCE (self), NULL);
  return priv->id;
}

const char *
berth_resource_get_short_id (BerthResource *self)
{
  BerthResourcePrivate *priv = berth_resource_get_instance_private (self);

  g_return_val_if_fail (BERTH_IS_RESOURCE (self), NULL);
  return priv->short_id;
}

const char *
berth_resource_get_display_name (BerthResource *self)
{
  g_return_val_if_fail (BERTH_IS_RESOURCE (self), NULL);
  return BERTH_RESOURCE_GET_CLASS (self)->get_display_name (self);
}

/**
 * berth_resource_update_from_json:
 *
 * Updates @self in place from one item of the engine's answer. Malformed
 * items give a #GError and leave @self as it was where they failed.
 */
gboolean
berth_resource_update_from_json (BerthResource  *self,
                                 JsonObject     *object,
                                 GError        **error)
{
  g_autofree char *before = NULL;
  gboolean ok;

  g_return_val_if_fail (BERTH_IS_RESOURCE (self), FALSE);
  g_return_val_if_fail (object != NULL, FALSE);

  before = g_strdup (berth_resource_get_display_name (self));
  g_object_freeze_notify (G_OBJECT (self));
  ok = BERTH_RESOURCE_GET_CLASS (self)->update_from_json (self, object, error);
  if (g_strcmp0 (before, berth_resource_get_display_name (self)) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);
  g_object_thaw_notify (G_OBJECT (self));

  return ok;
}

/**
 * berth_resource_update_from:
 * @fresh: a new object of @self's type and id, read from a newer answer
 *   (on any thread) and seen by no one else
 *
 * Updates @self in place to @fresh's values, notifying only what changed:
 * a list's objects keep their identity from answer to answer. Values may
 * be moved out of @fresh rather than copied: drop it afterwards.
 */
void
berth_resource_update_from (BerthResource *self,
                            BerthResource *fresh)
{
  g_autofree char *before = NULL;

  g_return_if_fail (BERTH_IS_RESOURCE (self));
  g_return_if_fail (G_TYPE_FROM_INSTANCE (fresh) == G_TYPE_FROM_INSTANCE (self));
  g_return_if_fail (g_strcmp0 (berth_resource_get_id (self), berth_resource_get_id (fresh)) == 0);

  before = g_strdup (berth_resource_get_display_name (self));
  g_object_freeze_notify (G_OBJECT (self));
  BERTH_RESOURCE_GET_CLASS (self)->update_from (self, fresh);
  if (g_strcmp0 (before, berth_resource_get_display_name (self)) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * berth_resource_matches:
 * @needle: what the user typed
 *
 * Returns: whether @self matches a search for @needle (case-insensitive)
 */
gboolean
berth_resource_matches (BerthResource *self,
                        const char    *needle)
{
  g_autofree char *folded = NULL;

  g_return_val_if_fail (BERTH_IS_RESOURCE (self), FALSE);

  if (needle == NULL || *needle == '\0')
    return TRUE;

  folded = g_utf8_casefold (needle, -1);
  return BERTH_RESOURCE_GET_CLASS (self)->matches (self, folded);
}

/* Stale: the engine went away; the object shows what was last known. */
gboolean
berth_resource_get_stale (BerthResource *self)
{
  BerthResourcePrivate *priv = berth_resource_get_instance_private (self);

  g_return_val_if_fail (BERTH_IS_RESOURCE (self), FALSE);
  return priv->stale;
}

void
berth_resource_set_stale (BerthResource *self,
                          gboolean       stale)
{
  BerthResourcePrivate *priv = berth_resource_get_instance_private (self);

  g_return_if_fail (BERTH_IS_RESOURCE (self));

  berth_resource_set_boolean (self, &priv->stale, stale, properties[PROP_STALE]);
}

/**
 * berth_match_folded:
 *
 * Returns: whether the case-folded @haystack contains @folded_needle
 */
gboolean
berth_match_folded (const char *haystack,
                    const char *folded_needle)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL)
    return FALSE;

  folded = g_utf8_casefold (haystack, -1);
  return strstr (folded, folded_needle) != NULL;
}

gboolean
berth_resource_set_string (BerthResource  *self,
                           char          **field,
                           const char     *value,
                           GParamSpec     *pspec)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
  return TRUE;
}

/* Takes ownership of @value. */
gboolean
berth_resource_set_strv (BerthResource   *self,
                         char          ***field,
                         char           **value,
                         GParamSpec      *pspec)
{
  if (_berth_strv_equal ((const char * const *) *field, (const char * const *) value))
    {
      /* Equal, but keep a non-NULL vector so getters never return NULL. */
      if (*field == NULL && value != NULL)
        *field = value;
      else
        g_strfreev (value);
      return FALSE;
    }

  g_strfreev (*field);
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
  return TRUE;
}

gboolean
berth_resource_set_int64 (BerthResource *self,
                          gint64        *field,
                          gint64         value,
                          GParamSpec    *pspec)
{
  if (*field == value)
    return FALSE;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
  return TRUE;
}

gboolean
berth_resource_set_boolean (BerthResource *self,
                            gboolean      *field,
                            gboolean       value,
                            GParamSpec    *pspec)
{
  value = !!value;
  if (*field == value)
    return FALSE;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
  return TRUE;
}
