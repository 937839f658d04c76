/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "berth-files-view.h"

G_BEGIN_DECLS

struct _BerthFilesView
{
  GtkWidget               parent_instance;

  /* Template widgets */
  GtkStack               *location_stack;
  GtkBox                 *crumbs_box;
  GtkEntry               *location_entry;
  GtkToggleButton        *location_button;
  GtkWidget              *open_button;
  GtkWidget              *download_button;
  GtkWidget              *upload_button;
  GtkRevealer            *message_revealer;
  GtkWidget              *message_box;
  GtkImage               *message_icon;
  GtkLabel               *message_label;
  GtkRevealer            *transfer_revealer;
  GtkLabel               *transfer_label;
  GtkLabel               *transfer_amount;
  GtkProgressBar         *transfer_progress;
  GtkOverlay             *overlay;
  GtkStack               *stack;
  GtkSpinner             *spinner;
  GtkLabel               *loading_label;
  GtkColumnView          *column_view;
  AdwStatusPage          *error_page;
  GtkRevealer            *drop_revealer;
  GtkLabel               *drop_label;
  GtkLabel               *state_label;
  GtkLabel               *command_label;
  GtkWidget              *command_copy;

  /* Borrowed */
  BerthContainerPage     *page;

  /* Owned */
  GListStore             *store;
  GtkSortListModel       *sort_model;
  GtkSingleSelection     *selection;
  char                   *path;            /* the folder shown, as asked for */
  char                   *previous_path;   /* the last folder listed without error */
  char                   *command;         /* what lists it from a terminal */
  char                   *error;           /* why it could not be listed */
  char                   *message;         /* shown above the list */
  char                   *transfer_command;
  GCancellable           *cancellable;     /* the view's lifetime */
  GCancellable           *list_cancellable;
  GCancellable           *transfer_cancellable;
  GtkNativeDialog        *chooser;
  BerthArchiveListMethod  method;
  gboolean                started;
  gboolean                loaded;
};

/* berth-files-view.c */
BerthEngine    *_berth_files_view_engine               (BerthFilesView   *self);
const char     *_berth_files_view_container            (BerthFilesView   *self);
const char     *_berth_files_view_name                 (BerthFilesView   *self);
gboolean        _berth_files_view_gone                 (BerthFilesView   *self);
BerthFileEntry *_berth_files_view_get_selected         (BerthFilesView   *self);
void            _berth_files_view_update_actions       (BerthFilesView   *self);
void            _berth_files_view_show_message         (BerthFilesView   *self,
                                                        const char       *message,
                                                        gboolean          error);
void            _berth_files_view_log_failure          (BerthFilesView   *self,
                                                        const char       *command,
                                                        const char       *message);

/* berth-files-view-transfer.c */
void            _berth_files_view_class_init_transfers (GtkWidgetClass   *widget_class);
void            _berth_files_view_init_drop            (BerthFilesView   *self);
void            _berth_files_view_choose_download      (BerthFilesView   *self,
                                                        const char       *path);

G_END_DECLS
