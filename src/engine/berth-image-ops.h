/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "berth-engine.h"

G_BEGIN_DECLS

/* Tag and untag ---------------------------------------------------------------- */

typedef enum
{
  BERTH_IMAGE_TAG_ADD,
  BERTH_IMAGE_TAG_REMOVE,
} BerthImageTagKind;

/**
 * BerthImageTag:
 * @kind: add a tag (`docker tag SOURCE TARGET`) or remove one (`docker rmi TAG`)
 * @source: add: the image, by id or reference
 * @target: add: the new reference ("registry:5000/app:1.0", "app" = "app:latest");
 *   remove: the tag to take off (never an id or a digest)
 */
typedef struct
{
  BerthImageTagKind  kind;
  char              *source;
  char              *target;
} BerthImageTag;

#define BERTH_TYPE_IMAGE_TAG (berth_image_tag_get_type ())

GType          berth_image_tag_get_type       (void) G_GNUC_CONST;
BerthImageTag *berth_image_tag_new_add        (const char           *source,
                                               const char           *target);
BerthImageTag *berth_image_tag_new_remove     (const char           *tag);
BerthImageTag *berth_image_tag_copy           (const BerthImageTag  *self);
void           berth_image_tag_free           (BerthImageTag        *self);
gboolean       berth_image_tag_validate       (const BerthImageTag  *self,
                                               GError              **error);
gboolean       berth_image_tag_build_request  (const BerthImageTag  *self,
                                               const char          **method,
                                               char                **path,
                                               GError              **error);
char         **berth_image_tag_to_argv        (const BerthImageTag  *self);
char          *berth_image_tag_to_command     (const BerthImageTag  *self);
void           berth_image_tag_run_async      (const BerthImageTag  *self,
                                               BerthEngine          *engine,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
JsonNode      *berth_image_tag_run_finish     (GAsyncResult         *result,
                                               GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BerthImageTag, berth_image_tag_free)

/* History ---------------------------------------------------------------------- */

#define BERTH_TYPE_HISTORY_ENTRY (berth_history_entry_get_type ())

G_DECLARE_FINAL_TYPE (BerthHistoryEntry, berth_history_entry, BERTH, HISTORY_ENTRY, GObject)

const char         *berth_history_entry_get_id          (BerthHistoryEntry    *self);
gint64              berth_history_entry_get_created     (BerthHistoryEntry    *self);
const char         *berth_history_entry_get_created_by  (BerthHistoryEntry    *self);
gint64              berth_history_entry_get_size        (BerthHistoryEntry    *self);
const char         *berth_history_entry_get_comment     (BerthHistoryEntry    *self);
const char * const *berth_history_entry_get_tags        (BerthHistoryEntry    *self);

char              **berth_image_history_argv            (const char           *image);
void                berth_image_history_async           (BerthEngine          *engine,
                                                         const char           *image,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
GListModel         *berth_image_history_finish          (BerthEngine          *engine,
                                                         GAsyncResult         *result,
                                                         GError              **error);

/* Search ----------------------------------------------------------------------- */

#define BERTH_IMAGE_SEARCH_LIMIT_MAX 100

#define BERTH_TYPE_SEARCH_RESULT (berth_search_result_get_type ())

G_DECLARE_FINAL_TYPE (BerthSearchResult, berth_search_result, BERTH, SEARCH_RESULT, GObject)

const char         *berth_search_result_get_name        (BerthSearchResult    *self);
const char         *berth_search_result_get_description (BerthSearchResult    *self);
guint               berth_search_result_get_stars       (BerthSearchResult    *self);
gboolean            berth_search_result_get_official    (BerthSearchResult    *self);
gboolean            berth_search_result_get_automated   (BerthSearchResult    *self);

char              **berth_image_search_argv             (const char           *term,
                                                         guint                 limit);
void                berth_image_search_async            (BerthEngine          *engine,
                                                         const char           *term,
                                                         guint                 limit,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
GListModel         *berth_image_search_finish           (BerthEngine          *engine,
                                                         GAsyncResult         *result,
                                                         GError              **error);

/* Disk usage ------------------------------------------------------------------- */

/**
 * BerthDiskUsage:
 *
 * What GET /system/df reports, summed up for prune dialogs. Sizes are in
 * bytes; "reclaimable" is what a prune of that kind would free.
 */
typedef struct
{
  gint64 layers_size;            /* all image layers on disk */
  guint  images;
  guint  images_in_use;
  guint  images_dangling;
  gint64 images_dangling_size;   /* freed by `docker image prune` */
  guint  images_unused;
  gint64 images_unused_size;     /* freed by `docker image prune -a` */
  gint64 images_reclaimable;     /* as `docker system df` counts it */
  guint  containers;
  guint  containers_running;
  gint64 containers_size;
  gint64 containers_reclaimable; /* writable layers of stopped containers */
  guint  volumes;
  guint  volumes_unused;
  gint64 volumes_size;
  gint64 volumes_reclaimable;
  gint64 build_cache_size;
  gint64 build_cache_reclaimable;
} BerthDiskUsage;

#define BERTH_TYPE_DISK_USAGE (berth_disk_usage_get_type ())

GType               berth_disk_usage_get_type           (void) G_GNUC_CONST;
BerthDiskUsage     *berth_disk_usage_copy               (const BerthDiskUsage *self);
void                berth_disk_usage_free               (BerthDiskUsage       *self);
BerthDiskUsage     *berth_disk_usage_new_from_json      (JsonNode             *node,
                                                         GError              **error);
char              **berth_disk_usage_argv               (void);
void                berth_disk_usage_async              (BerthEngine          *engine,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
BerthDiskUsage     *berth_disk_usage_finish             (BerthEngine          *engine,
                                                         GAsyncResult         *result,
                                                         GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BerthDiskUsage, berth_disk_usage_free)

G_END_DECLS
