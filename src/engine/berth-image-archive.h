/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "berth-engine.h"
#include "berth-progress.h"

G_BEGIN_DECLS

typedef enum
{
  BERTH_IMAGE_ARCHIVE_SAVE,
  BERTH_IMAGE_ARCHIVE_LOAD,
  BERTH_IMAGE_ARCHIVE_IMPORT,
} BerthImageArchiveKind;

/**
 * BerthImageArchive:
 * @kind: save images to a file, load them from one, or import a root
 *   filesystem tarball as a new image
 * @path: the file, an absolute path: written by a save (gzip-compressed
 *   when it ends in .tar.gz or .tgz), read by a load (.tar, .tar.gz,
 *   .tar.xz: the engine decompresses) or an import
 * @images: save: the images, by reference or id
 * @reference: (nullable): import: "repo[:tag]" for the new image
 *
 * `docker save`, `docker load` and `docker import`, as data.
 */
typedef struct
{
  BerthImageArchiveKind   kind;
  char                   *path;
  char                  **images;
  char                   *reference;
} BerthImageArchive;

#define BERTH_TYPE_IMAGE_ARCHIVE (berth_image_archive_get_type ())

GType              berth_image_archive_get_type       (void) G_GNUC_CONST;
BerthImageArchive *berth_image_archive_new_save       (const char               *path,
                                                       const char * const       *images);
BerthImageArchive *berth_image_archive_new_load       (const char               *path);
BerthImageArchive *berth_image_archive_new_import     (const char               *path,
                                                       const char               *reference);
BerthImageArchive *berth_image_archive_copy           (const BerthImageArchive  *self);
void               berth_image_archive_free           (BerthImageArchive        *self);
gboolean           berth_image_archive_get_compressed (const BerthImageArchive  *self);
gboolean           berth_image_archive_validate       (const BerthImageArchive  *self,
                                                       GError                  **error);
gboolean           berth_image_archive_build_request  (const BerthImageArchive  *self,
                                                       const char              **method,
                                                       char                    **path,
                                                       GError                  **error);
char             **berth_image_archive_to_argv        (const BerthImageArchive  *self);
char              *berth_image_archive_to_command     (const BerthImageArchive  *self);
void               berth_image_archive_run_async      (const BerthImageArchive  *self,
                                                       BerthEngine              *engine,
                                                       BerthProgress            *progress,
                                                       GCancellable             *cancellable,
                                                       GAsyncReadyCallback       callback,
                                                       gpointer                  user_data);
char             **berth_image_archive_run_finish     (GAsyncResult             *result,
                                                       GError                  **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BerthImageArchive, berth_image_archive_free)

G_END_DECLS
