/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "berth-demuxer.h"
#include "berth-engine.h"

G_BEGIN_DECLS

/* An interactive session in a container: `docker exec -it CONTAINER CMD`
 * or `docker attach CONTAINER`, over a connection taken over from HTTP. */
#define BERTH_TYPE_EXEC_SESSION (berth_exec_session_get_type ())

G_DECLARE_FINAL_TYPE (BerthExecSession, berth_exec_session, BERTH, EXEC_SESSION, GObject)

BerthExecSession  *berth_exec_session_new               (BerthEngine          *engine,
                                                         const char           *container_id,
                                                         const char * const   *argv);
BerthExecSession  *berth_exec_session_new_attach        (BerthEngine          *engine,
                                                         const char           *container_id);
const char        *berth_exec_session_get_container_id  (BerthExecSession     *self);
gboolean           berth_exec_session_get_attach        (BerthExecSession     *self);
const char        *berth_exec_session_get_exec_id       (BerthExecSession     *self);
void               berth_exec_session_set_user          (BerthExecSession     *self,
                                                         const char           *user);
void               berth_exec_session_set_working_dir   (BerthExecSession     *self,
                                                         const char           *working_dir);
void               berth_exec_session_set_env           (BerthExecSession     *self,
                                                         const char * const   *env);
void               berth_exec_session_set_tty           (BerthExecSession     *self,
                                                         gboolean              tty);
gboolean           berth_exec_session_get_tty           (BerthExecSession     *self);
void               berth_exec_session_set_detach_keys   (BerthExecSession     *self,
                                                         const char           *detach_keys);
void               berth_exec_session_set_size          (BerthExecSession     *self,
                                                         guint                 rows,
                                                         guint                 columns);
char             **berth_exec_session_dup_cli_argv      (BerthExecSession     *self);
gboolean           berth_exec_session_get_running       (BerthExecSession     *self);
int                berth_exec_session_get_exit_code     (BerthExecSession     *self);
void               berth_exec_session_start_async       (BerthExecSession     *self,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean           berth_exec_session_start_finish      (BerthExecSession     *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);
void               berth_exec_session_write             (BerthExecSession     *self,
                                                         const char           *data,
                                                         gssize                length);
void               berth_exec_session_write_bytes       (BerthExecSession     *self,
                                                         GBytes               *bytes);
void               berth_exec_session_close_stdin       (BerthExecSession     *self);
void               berth_exec_session_resize_async      (BerthExecSession     *self,
                                                         guint                 rows,
                                                         guint                 columns,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean           berth_exec_session_resize_finish     (BerthExecSession     *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);
void               berth_exec_session_close             (BerthExecSession     *self);

/* The shells a container has, best first (bash, ash, sh), found without
 * running anything in it. */
void               berth_exec_find_shells_async         (BerthEngine          *engine,
                                                         const char           *container_id,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
char             **berth_exec_find_shells_finish        (BerthEngine          *engine,
                                                         GAsyncResult         *result,
                                                         GError              **error);

G_END_DECLS
