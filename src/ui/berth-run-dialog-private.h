/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "berth-image.h"
#include "berth-pull-progress.h"
#include "berth-run-dialog.h"

G_BEGIN_DECLS

struct _BerthRunDialog
{
  AdwWindow           parent_instance;

  /* Template widgets */
  GtkWidget          *run_button;
  GtkWidget          *spinner;
  GtkStack           *stack;
  GtkScrolledWindow  *scroller;
  AdwEntryRow        *paste_row;
  GtkWidget          *paste_message;
  AdwEntryRow        *image_row;
  GtkWidget          *image_message;
  AdwEntryRow        *name_row;
  GtkWidget          *name_message;
  GtkListBox         *ports_list;
  GtkWidget          *exposed_row;
  GtkWidget          *exposed_box;
  GtkWidget          *add_port_row;
  GtkWidget          *publish_all_switch;
  GtkWidget          *ports_message;
  GtkListBox         *mounts_list;
  GtkWidget          *add_mount_row;
  GtkListBox         *env_list;
  GtkWidget          *add_env_row;
  GtkWidget          *add_env_file_row;
  GtkWidget          *env_message;
  AdwEntryRow        *command_row;
  AdwEntryRow        *entrypoint_row;
  AdwEntryRow        *workdir_row;
  AdwEntryRow        *user_row;
  GtkWidget          *command_message;
  GtkWidget          *detach_switch;
  GtkWidget          *interactive_switch;
  GtkWidget          *remove_switch;
  AdwComboRow        *restart_row;
  GtkWidget          *retries_row;
  GtkSpinButton      *retries_spin;
  GtkWidget          *mode_message;
  AdwExpanderRow     *more_row;
  AdwComboRow        *network_row;
  AdwEntryRow        *hostname_row;
  AdwEntryRow        *memory_row;
  AdwEntryRow        *cpus_row;
  GtkWidget          *privileged_row;
  GtkWidget          *privileged_switch;
  GtkWidget          *add_label_row;
  GtkWidget          *more_message;
  GtkLabel           *pull_intro;
  BerthPullProgress  *pull_progress;
  GtkWidget          *engine_error_label;
  GtkWidget          *problems_box;
  GtkLabel           *problems_label;
  GtkLabel           *command_label;

  /* Borrowed: the first wrong field, as last marked */
  GtkWidget          *first_problem;

  /* Owned */
  BerthStore         *store;
  BerthRunSpec       *spec;          /* the form, as last read */
  BerthRunSpec       *run_spec;      /* what is being created */
  GPtrArray          *port_rows;
  GPtrArray          *mount_rows;
  GPtrArray          *env_rows;
  GPtrArray          *env_file_rows;
  GPtrArray          *label_rows;
  GHashTable         *env_file_errors;   /* path → message, for files that cannot be read */
  GtkStringList      *networks;
  GtkFileChooserNative *env_chooser;
  BerthRegistryAuth  *auth;
  GCancellable       *cancellable;       /* the dialog's life */
  GCancellable       *inspect_cancellable;
  GCancellable       *folders_cancellable;
  GCancellable       *run_cancellable;
  char              **exposed;           /* "80/tcp", … of the image */
  char               *inspected_image;
  char               *checked_folders;   /* the bind sources last checked */
  char               *folder_error;
  guint               folder_row;
  char               *command_error;
  char               *command;
  char               *run_command;
  char               *error;

  gboolean            interactive;       /* -i and -t as pasted; the switch sets both */
  gboolean            tty;
  gboolean            entrypoint_cleared; /* --entrypoint "" */
  gboolean            filling;
  gboolean            busy;
  gboolean            pulled;
  gboolean            disposed;
  guint               n_problems;
};

/* berth-run-dialog.c */
void          _berth_run_dialog_update             (BerthRunDialog     *self);
gboolean      _berth_run_dialog_is_local           (BerthRunDialog     *self);

/* berth-run-dialog-form.c */
void          _berth_run_dialog_setup_form         (BerthRunDialog     *self);
void          _berth_run_dialog_teardown_form      (BerthRunDialog     *self);
BerthRunSpec *_berth_run_dialog_read_form          (BerthRunDialog     *self);
void          _berth_run_dialog_fill_form          (BerthRunDialog     *self,
                                                    BerthRunSpec       *spec);
BerthImage   *_berth_run_dialog_find_image         (BerthRunDialog     *self,
                                                    const char         *text);
void          _berth_run_dialog_update_exposed     (BerthRunDialog     *self);
void          _berth_run_dialog_add_port           (BerthRunDialog     *self,
                                                    const BerthRunPort *port);
void          _berth_run_dialog_add_mount          (BerthRunDialog     *self,
                                                    const BerthRunMount *mount);
void          _berth_run_dialog_add_env            (BerthRunDialog     *self,
                                                    const BerthRunEnv  *env);
void          _berth_run_dialog_add_env_file       (BerthRunDialog     *self,
                                                    const char         *path);
void          _berth_run_dialog_add_label          (BerthRunDialog     *self,
                                                    const char         *label);
void          _berth_run_dialog_list_row_activated_cb (BerthRunDialog *self,
                                                    GtkListBoxRow      *row);
void          _berth_run_dialog_add_label_activated_cb (BerthRunDialog *self);
void          _berth_run_dialog_entrypoint_changed_cb (BerthRunDialog *self);
void          _berth_run_dialog_interactive_changed_cb (BerthRunDialog *self);

G_END_DECLS
