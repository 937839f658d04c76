/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "berth-archive.h"
#include "berth-engine.h"

G_BEGIN_DECLS

/* docker commit, rename and export: each a spec that builds both the API
 * request and the equivalent command. */

typedef struct
{
  char      *container;   /* id or name in the API path */
  char      *name;        /* how the CLI names it; container when NULL */
  char      *repository;  /* "myapp", "registry:5000/team/app"; NULL for an untagged image */
  char      *tag;         /* NULL for "latest" */
  char      *message;     /* the commit message (-m; the API's "comment") */
  char      *author;      /* -a, e.g. "Ann <ann@example.com>" */
  gboolean   pause;       /* pause the container while committing (the default) */
} BerthCommitSpec;

typedef struct
{
  char      *container;
  char      *name;
  char      *new_name;
} BerthRenameSpec;

typedef struct
{
  char      *container;
  char      *name;
  char      *local_path;  /* the .tar to create; must not exist yet */
} BerthExportSpec;

#define BERTH_TYPE_COMMIT_SPEC (berth_commit_spec_get_type ())
#define BERTH_TYPE_RENAME_SPEC (berth_rename_spec_get_type ())
#define BERTH_TYPE_EXPORT_SPEC (berth_export_spec_get_type ())

GType            berth_commit_spec_get_type      (void) G_GNUC_CONST;
BerthCommitSpec *berth_commit_spec_new           (const char               *container,
                                                  const char               *name);
BerthCommitSpec *berth_commit_spec_copy          (const BerthCommitSpec    *self);
void             berth_commit_spec_free          (BerthCommitSpec          *self);
gboolean         berth_commit_spec_validate      (const BerthCommitSpec    *self,
                                                  GError                  **error);
char            *berth_commit_spec_build_request (const BerthCommitSpec    *self,
                                                  GError                  **error);
char           **berth_commit_spec_to_argv       (const BerthCommitSpec    *self);
char            *berth_commit_spec_to_command    (const BerthCommitSpec    *self);
void             berth_commit_spec_run_async     (const BerthCommitSpec    *self,
                                                  BerthEngine              *engine,
                                                  GCancellable             *cancellable,
                                                  GAsyncReadyCallback       callback,
                                                  gpointer                  user_data);
char            *berth_commit_spec_run_finish    (GAsyncResult             *result,
                                                  GError                  **error);

GType            berth_rename_spec_get_type      (void) G_GNUC_CONST;
BerthRenameSpec *berth_rename_spec_new           (const char               *container,
                                                  const char               *name,
                                                  const char               *new_name);
BerthRenameSpec *berth_rename_spec_copy          (const BerthRenameSpec    *self);
void             berth_rename_spec_free          (BerthRenameSpec          *self);
gboolean         berth_rename_spec_validate      (const BerthRenameSpec    *self,
                                                  GError                  **error);
char            *berth_rename_spec_build_request (const BerthRenameSpec    *self,
                                                  GError                  **error);
char           **berth_rename_spec_to_argv       (const BerthRenameSpec    *self);
char            *berth_rename_spec_to_command    (const BerthRenameSpec    *self);
void             berth_rename_spec_run_async     (const BerthRenameSpec    *self,
                                                  BerthEngine              *engine,
                                                  GCancellable             *cancellable,
                                                  GAsyncReadyCallback       callback,
                                                  gpointer                  user_data);
gboolean         berth_rename_spec_run_finish    (GAsyncResult             *result,
                                                  GError                  **error);

GType            berth_export_spec_get_type      (void) G_GNUC_CONST;
BerthExportSpec *berth_export_spec_new           (const char               *container,
                                                  const char               *name,
                                                  const char               *local_path);
BerthExportSpec *berth_export_spec_copy          (const BerthExportSpec    *self);
void             berth_export_spec_free          (BerthExportSpec          *self);
gboolean         berth_export_spec_validate      (const BerthExportSpec    *self,
                                                  GError                  **error);
char            *berth_export_spec_build_request (const BerthExportSpec    *self,
                                                  GError                  **error);
char           **berth_export_spec_to_argv       (const BerthExportSpec    *self);
char            *berth_export_spec_to_command    (const BerthExportSpec    *self);
void             berth_export_spec_run_async     (const BerthExportSpec    *self,
                                                  BerthEngine              *engine,
                                                  BerthTransferProgressFunc progress_func,
                                                  gpointer                  progress_data,
                                                  GDestroyNotify            progress_destroy,
                                                  GCancellable             *cancellable,
                                                  GAsyncReadyCallback       callback,
                                                  gpointer                  user_data);
gboolean         berth_export_spec_run_finish    (GAsyncResult             *result,
                                                  GError                  **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BerthCommitSpec, berth_commit_spec_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BerthRenameSpec, berth_rename_spec_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BerthExportSpec, berth_export_spec_free)

G_END_DECLS
