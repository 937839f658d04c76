/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "Berth"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "berth-commit-dialog.h"
#include "berth-container-tools.h"
#include "berth-export-dialog.h"
#include "berth-rename-dialog.h"

/* Buttons in the container page's header for what makes something new of
 * a container: an image (docker commit), a name (docker rename), a .tar
 * file (docker export). Each opens its dialog. */

struct _BerthContainerTools
{
  GtkWidget           parent_instance;

  GtkWidget          *box;

  /* Borrowed */
  BerthContainerPage *page;
};

G_DEFINE_FINAL_TYPE (BerthContainerTools, berth_container_tools, GTK_TYPE_WIDGET)

/**
 * berth_container_tools_present:
 * @verb: "commit", "rename" or "export"
 *
 * Returns: (transfer none) (nullable): the dialog, shown; %NULL when the
 *   container is gone
 */
GtkWindow *
berth_container_tools_present (BerthContainerTools *self,
                               const char          *verb)
{
  GtkRoot *root;
  GtkWindow *parent, *dialog;
  BerthEngine *engine;
  const char *id, *name;

  g_return_val_if_fail (BERTH_IS_CONTAINER_TOOLS (self), NULL);

  if (self->page == NULL || berth_container_page_get_gone (self->page))
    return NULL;

  root = gtk_widget_get_root (GTK_WIDGET (self));
  parent = GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
  engine = berth_container_page_get_engine (self->page);
  id = berth_container_page_get_container_id (self->page);
  name = berth_container_page_get_name (self->page);

  if (g_str_equal (verb, "commit"))
    dialog = GTK_WINDOW (berth_commit_dialog_new (parent, engine, id, name));
  else if (g_str_equal (verb, "rename"))
    dialog = GTK_WINDOW (berth_rename_dialog_new (parent, engine, id, name));
  else if (g_str_equal (verb, "export"))
    dialog = GTK_WINDOW (berth_export_dialog_new (parent, engine, id, name));
  else
    g_return_val_if_reached (NULL);

  gtk_window_present (dialog);
  return dialog;
}

static void
tool_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  berth_container_tools_present (BERTH_CONTAINER_TOOLS (widget), action_name + strlen ("tools."));
}

static void
gone_cb (BerthContainerTools *self)
{
  gboolean gone = berth_container_page_get_gone (self->page);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tools.commit", !gone);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tools.rename", !gone);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tools.export", !gone);
}

static void
add_button (BerthContainerTools *self,
            const char          *label,
            const char          *tooltip,
            const char          *action)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_box_append (GTK_BOX (self->box), button);
}

static void
berth_container_tools_dispose (GObject *object)
{
  BerthContainerTools *self = BERTH_CONTAINER_TOOLS (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  self->page = NULL;

  G_OBJECT_CLASS (berth_container_tools_parent_class)->dispose (object);
}

static void
berth_container_tools_class_init (BerthContainerToolsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = berth_container_tools_dispose;

  gtk_widget_class_install_action (widget_class, "tools.commit", NULL, tool_action);
  gtk_widget_class_install_action (widget_class, "tools.rename", NULL, tool_action);
  gtk_widget_class_install_action (widget_class, "tools.export", NULL, tool_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
berth_container_tools_init (BerthContainerTools *self)
{
  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  add_button (self, _("_Commit…"), _("Save its files as a new image (docker commit)"), "tools.commit");
  add_button (self, _("Rena_me…"), _("Give it another name (docker rename)"), "tools.rename");
  add_button (self, _("E_xport…"), _("Save its files as a .tar file (docker export)"), "tools.export");
}

/**
 * berth_container_tools_new:
 *
 * Returns: (transfer floating): the buttons for @page's container
 */
GtkWidget *
berth_container_tools_new (BerthContainerPage *page)
{
  BerthContainerTools *self;

  g_return_val_if_fail (BERTH_IS_CONTAINER_PAGE (page), NULL);

  self = g_object_new (BERTH_TYPE_CONTAINER_TOOLS, NULL);
  self->page = page;
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
  g_signal_connect_object (page, "notify::gone", G_CALLBACK (gone_cb), self, G_CONNECT_SWAPPED);
  gone_cb (self);
  return GTK_WIDGET (self);
}
