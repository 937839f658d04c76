/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "Berth"

#include "config.h"

#include <glib/gi18n.h>

#include "berth-image-page.h"
#include "berth-image-transfer.h"
#include "berth-push-dialog.h"
#include "berth-reference.h"
#include "berth-registries-dialog.h"
#include "berth-tag-dialog.h"

/* `docker push`: one of the image's tags goes to the registry it names,
 * layer by layer, with the same progress as a pull. The dialog says where
 * the image goes and whether Berth has a login for that registry, and
 * shows the registry's refusal in its own words. */

struct _BerthPushDialog
{
  AdwWindow          parent_instance;

  /* Widgets */
  GtkWidget         *push_button;
  AdwComboRow       *tag_row;
  GtkStringList     *tags;
  AdwActionRow      *login_row;
  GtkLabel          *warning_label;
  GtkLabel          *error_label;
  BerthPullProgress *progress;
  GtkLabel          *command_label;

  /* Owned */
  BerthImage        *image;
  char              *reference;
  char              *server;
  BerthRegistryAuth *auth;
  GCancellable      *cancellable;
  GCancellable      *lookup_cancellable;
  char              *error;
  char              *login_text;
  char              *command;
  gboolean           busy;
  gboolean           done;
  gboolean           filling;
};

G_DEFINE_FINAL_TYPE (BerthPushDialog, berth_push_dialog, ADW_TYPE_WINDOW)

static void
set_error (BerthPushDialog *self,
           const char      *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
update_buttons (BerthPushDialog *self)
{
  gtk_widget_set_sensitive (self->push_button, self->reference != NULL && self->error == NULL && !self->busy);
  gtk_button_set_label (GTK_BUTTON (self->push_button), self->done ? _("_Push Again") : _("_Push"));
}

/* Login ------------------------------------------------------------------------ */

static void
update_login (BerthPushDialog *self)
{
  g_free (self->login_text);
  if (self->auth != NULL && self->auth->username != NULL)
    self->login_text = g_strdup_printf (_("Logged in as %s"), self->auth->username);
  else if (self->auth != NULL)
    self->login_text = g_strdup (_("Logged in with a token"));
  else
    self->login_text = g_strdup (_("Not logged in: most registries refuse a push without a login"));
  adw_action_row_set_subtitle (self->login_row, self->login_text);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr (BerthPushDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  BerthRegistryAuth *auth = berth_registries_lookup_auth_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_pointer (&self->auth, berth_registry_auth_free);
  self->auth = auth;
  update_login (self);
}

static void
lookup_auth (BerthPushDialog *self)
{
  g_cancellable_cancel (self->lookup_cancellable);
  g_clear_object (&self->lookup_cancellable);
  g_clear_pointer (&self->auth, berth_registry_auth_free);
  update_login (self);
  if (self->server == NULL)
    return;

  self->lookup_cancellable = g_cancellable_new ();
  berth_registries_lookup_auth_async (self->server, self->lookup_cancellable, lookup_cb, g_object_ref (self));
}

static void
logged_in_cb (BerthPushDialog *self,
              const char      *server)
{
  lookup_auth (self);
}

static void
log_in_clicked_cb (BerthPushDialog *self)
{
  BerthRegistriesDialog *dialog = berth_registries_dialog_new (GTK_WINDOW (self), self->server);

  g_signal_connect_object (dialog, "logged-in", G_CALLBACK (logged_in_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "logged-out", G_CALLBACK (logged_in_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_tag_clicked_cb (BerthPushDialog *self)
{
  gtk_window_present (GTK_WINDOW (berth_tag_dialog_new (GTK_WINDOW (self), self->image)));
}

/* What to push ------------------------------------------------------------------ */

static void
describe_destination (BerthPushDialog *self,
                      BerthReference  *reference)
{
  g_autofree char *subtitle = NULL;
  g_autofree char *warning = NULL;
  const char *registry = berth_reference_get_registry (reference);

  if (g_strcmp0 (registry, BERTH_REFERENCE_DEFAULT_REGISTRY) == 0)
    {
      subtitle = g_strdup_printf (_("Goes to Docker Hub, as “%s”"), berth_reference_get_familiar_name (reference));
      if (g_str_has_prefix (berth_reference_get_path (reference), "library/"))
        warning = g_strdup_printf (_("Docker Hub only takes images under your own user name. Add a tag like “yourname/%s” and push that one."),
                                   berth_reference_get_familiar_name (reference));
    }
  else
    subtitle = g_strdup_printf (_("Goes to the registry at %s"), registry);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->tag_row), subtitle);
  gtk_label_set_label (self->warning_label, warning ? warning : "");
  gtk_widget_set_visible (GTK_WIDGET (self->warning_label), warning != NULL);
}

static void
update (BerthPushDialog *self)
{
  g_autoptr (BerthImageTransfer) transfer = NULL;
  g_autoptr (BerthReference) reference = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *server = NULL;

  set_error (self, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->warning_label), FALSE);
  if (self->reference == NULL)
    {
      set_error (self, _("This image has no tag, and an image is pushed by its tag. Add one first, like “yourname/app:1.0” for Docker Hub or “registry.example.com:5000/app:1.0”."));
      g_free (self->command);
      self->command = g_strdup ("docker push");
      gtk_label_set_label (self->command_label, self->command);
      update_buttons (self);
      return;
    }

  transfer = berth_image_transfer_new (BERTH_IMAGE_TRANSFER_PUSH, self->reference);
  g_free (self->command);
  self->command = berth_image_transfer_to_command (transfer);
  gtk_label_set_label (self->command_label, self->command);

  if (!berth_image_transfer_validate (transfer, &error))
    set_error (self, error->message);
  else if ((reference = berth_reference_parse (self->reference, NULL)) != NULL)
    describe_destination (self, reference);

  server = berth_image_transfer_get_server (transfer);
  if (g_strcmp0 (server, self->server) != 0)
    {
      g_free (self->server);
      self->server = g_steal_pointer (&server);
      lookup_auth (self);
    }
  update_buttons (self);
}

static void
tag_selected_cb (BerthPushDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->tag_row);
  const char *tag;

  if (self->filling || selected == GTK_INVALID_LIST_POSITION)
    return;

  tag = gtk_string_list_get_string (self->tags, selected);
  g_free (self->reference);
  self->reference = g_strdup (tag);
  update (self);
}

/* Fills the choice of tags from the image, keeping the chosen one. */
static void
fill_tags (BerthPushDialog *self)
{
  const char * const *tags = berth_image_get_tags (self->image);
  guint n = tags ? g_strv_length ((char **) tags) : 0;
  guint chosen = 0;

  self->filling = TRUE;
  gtk_string_list_splice (self->tags, 0, g_list_model_get_n_items (G_LIST_MODEL (self->tags)), tags);
  for (guint i = 0; i < n; i++)
    {
      if (g_strcmp0 (tags[i], self->reference) == 0)
        chosen = i;
    }
  self->filling = FALSE;

  g_free (self->reference);
  self->reference = n > 0 ? g_strdup (tags[chosen]) : NULL;
  adw_combo_row_set_selected (self->tag_row, n > 0 ? chosen : GTK_INVALID_LIST_POSITION);
  update (self);
}

/* Pushing ------------------------------------------------------------------------ */

typedef struct
{
  BerthPushDialog *self;
  char            *reference;
  char            *command;
} Push;

static void
push_free (Push *push)
{
  g_clear_object (&push->self);
  g_free (push->reference);
  g_free (push->command);
  g_free (push);
}

static void
push_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Push *push = user_data;
  BerthPushDialog *self = push->self;
  g_autoptr (GError) error = NULL;
  g_autofree char *done = NULL;

  berth_pull_progress_run_finish (BERTH_PULL_PROGRESS (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && g_cancellable_is_cancelled (self->cancellable))
    {
      push_free (push);
      return;
    }

  self->busy = FALSE;
  if (error == NULL)
    {
      self->done = TRUE;
      done = g_strdup_printf (_("Pushed “%s”"), push->reference);
      berth_image_report (GTK_WIDGET (self), done, push->command, FALSE);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    berth_image_report (GTK_WIDGET (self), error->message, push->command, TRUE);

  gtk_widget_set_sensitive (GTK_WIDGET (self->tag_row), TRUE);
  update_buttons (self);
  push_free (push);
}

/**
 * berth_push_dialog_submit:
 *
 * Pushes the chosen tag, with the login Berth has for its registry, if any.
 */
void
berth_push_dialog_submit (BerthPushDialog *self)
{
  g_autoptr (BerthImageTransfer) transfer = NULL;
  g_autoptr (GError) error = NULL;
  BerthStore *store;
  Push *push;

  g_return_if_fail (BERTH_IS_PUSH_DIALOG (self));

  if (self->busy || self->reference == NULL)
    return;

  transfer = berth_image_transfer_new (BERTH_IMAGE_TRANSFER_PUSH, self->reference);
  if (!berth_image_transfer_validate (transfer, &error))
    {
      set_error (self, error->message);
      return;
    }

  store = berth_image_find_store (GTK_WIDGET (self));
  if (store == NULL)
    return;

  self->busy = TRUE;
  self->done = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->tag_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->progress), TRUE);
  update_buttons (self);

  push = g_new0 (Push, 1);
  push->self = g_object_ref (self);
  push->reference = g_strdup (self->reference);
  push->command = g_strdup (self->command);
  berth_pull_progress_run_async (self->progress, berth_store_get_engine (store), transfer, self->auth,
                                 self->cancellable, push_cb, push);
}

/* Building ------------------------------------------------------------------------ */

static GtkWidget *
build_header (BerthPushDialog *self)
{
  GtkWidget *header = adw_header_bar_new ();

  self->push_button = gtk_button_new_with_mnemonic (_("_Push"));
  gtk_widget_add_css_class (self->push_button, "suggested-action");
  g_signal_connect_object (self->push_button, "clicked", G_CALLBACK (berth_push_dialog_submit), self, G_CONNECT_SWAPPED);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->push_button);
  return header;
}

static GtkWidget *
row_button (const char *label,
            const char *tooltip)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  return button;
}

static GtkWidget *
build_what_group (BerthPushDialog *self)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *login = row_button (_("_Log In…"), _("Log in to this registry"));
  GtkWidget *add_tag = row_button (_("Add _Tag…"), _("Give the image a name in another registry"));
  GtkWidget *other = adw_action_row_new ();
  GtkExpression *expression;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("What to Push"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
    _("Pushing uploads the image to a registry, so that other computers can pull it. The tag says which registry: its first part, or Docker Hub when it names none."));

  self->tags = gtk_string_list_new (NULL);
  self->tag_row = ADW_COMBO_ROW (adw_combo_row_new ());
  expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  adw_combo_row_set_expression (self->tag_row, expression);
  gtk_expression_unref (expression);
  adw_combo_row_set_model (self->tag_row, G_LIST_MODEL (self->tags));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->tag_row), _("Tag"));
  g_signal_connect_object (self->tag_row, "notify::selected", G_CALLBACK (tag_selected_cb), self, G_CONNECT_SWAPPED);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->tag_row));

  self->login_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->login_row), _("Registry Login"));
  g_signal_connect_object (login, "clicked", G_CALLBACK (log_in_clicked_cb), self, G_CONNECT_SWAPPED);
  adw_action_row_add_suffix (self->login_row, login);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->login_row));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (other), _("Push Somewhere Else"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (other), _("Add a tag that names the registry, then choose it above"));
  g_signal_connect_object (add_tag, "clicked", G_CALLBACK (add_tag_clicked_cb), self, G_CONNECT_SWAPPED);
  adw_action_row_add_suffix (ADW_ACTION_ROW (other), add_tag);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), other);
  return group;
}

static void
build_content (BerthPushDialog *self,
               GtkBox          *box)
{
  gtk_box_append (box, build_what_group (self));

  self->warning_label = GTK_LABEL (berth_image_status_label_new ("warning"));
  gtk_box_append (box, GTK_WIDGET (self->warning_label));
  self->error_label = GTK_LABEL (berth_image_status_label_new ("error"));
  gtk_box_append (box, GTK_WIDGET (self->error_label));

  self->progress = BERTH_PULL_PROGRESS (berth_pull_progress_new ());
  gtk_widget_set_visible (GTK_WIDGET (self->progress), FALSE);
  gtk_box_append (box, GTK_WIDGET (self->progress));

  gtk_box_append (box, berth_command_preview_new (NULL, &self->command_label));
}

/* GObject ------------------------------------------------------------------------ */

static void
berth_push_dialog_dispose (GObject *object)
{
  BerthPushDialog *self = BERTH_PUSH_DIALOG (object);

  /* Closing the dialog stops the push; the registry keeps no half image. */
  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->lookup_cancellable);
  if (self->image != NULL)
    g_signal_handlers_disconnect_by_data (self->image, self);

  G_OBJECT_CLASS (berth_push_dialog_parent_class)->dispose (object);
}

static void
berth_push_dialog_finalize (GObject *object)
{
  BerthPushDialog *self = BERTH_PUSH_DIALOG (object);

  g_clear_object (&self->image);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->lookup_cancellable);
  g_clear_pointer (&self->auth, berth_registry_auth_free);
  g_free (self->reference);
  g_free (self->server);
  g_free (self->error);
  g_free (self->login_text);
  g_free (self->command);

  G_OBJECT_CLASS (berth_push_dialog_parent_class)->finalize (object);
}

static void
berth_push_dialog_class_init (BerthPushDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = berth_push_dialog_dispose;
  object_class->finalize = berth_push_dialog_finalize;

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
berth_push_dialog_init (BerthPushDialog *self)
{
  self->cancellable = g_cancellable_new ();
}

/**
 * berth_push_dialog_new:
 * @image: the image to push
 * @reference: (nullable): which of its tags to choose first
 */
BerthPushDialog *
berth_push_dialog_new (GtkWindow  *parent,
                       BerthImage *image,
                       const char *reference)
{
  BerthPushDialog *self;
  GtkWidget *content, *scroller, *clamp, *box;

  g_return_val_if_fail (BERTH_IS_IMAGE (image), NULL);

  self = g_object_new (BERTH_TYPE_PUSH_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "default-width", 660,
                       "default-height", 680,
                       "title", _("Push Image"),
                       NULL);
  self->image = g_object_ref (image);
  self->reference = g_strdup (reference);

  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (content), build_header (self));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 24);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  build_content (self, GTK_BOX (box));

  clamp = adw_clamp_new ();
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  gtk_box_append (GTK_BOX (content), scroller);
  adw_window_set_content (ADW_WINDOW (self), content);

  g_signal_connect_object (image, "notify::tags", G_CALLBACK (fill_tags), self, G_CONNECT_SWAPPED);
  fill_tags (self);
  return self;
}

/* Chooses which of the image's tags to push. */
void
berth_push_dialog_set_reference (BerthPushDialog *self,
                                 const char      *reference)
{
  g_return_if_fail (BERTH_IS_PUSH_DIALOG (self));

  g_free (self->reference);
  self->reference = g_strdup (reference);
  fill_tags (self);
}

const char *
berth_push_dialog_get_reference (BerthPushDialog *self)
{
  g_return_val_if_fail (BERTH_IS_PUSH_DIALOG (self), NULL);
  return self->reference;
}

BerthPullProgress *
berth_push_dialog_get_progress (BerthPushDialog *self)
{
  g_return_val_if_fail (BERTH_IS_PUSH_DIALOG (self), NULL);
  return self->progress;
}

gboolean
berth_push_dialog_get_busy (BerthPushDialog *self)
{
  g_return_val_if_fail (BERTH_IS_PUSH_DIALOG (self), FALSE);
  return self->busy;
}

/* Whether the last push reached the end. */
gboolean
berth_push_dialog_get_done (BerthPushDialog *self)
{
  g_return_val_if_fail (BERTH_IS_PUSH_DIALOG (self), FALSE);
  return self->done;
}

/* Whether Berth found a login for the registry the push goes to. */
gboolean
berth_push_dialog_get_has_auth (BerthPushDialog *self)
{
  g_return_val_if_fail (BERTH_IS_PUSH_DIALOG (self), FALSE);
  return self->auth != NULL;
}

/* What stops the push before it starts, or the registry's refusal. */
const char *
berth_push_dialog_get_error (BerthPushDialog *self)
{
  g_return_val_if_fail (BERTH_IS_PUSH_DIALOG (self), NULL);
  return self->error ? self->error : berth_pull_progress_get_error (self->progress);
}

const char *
berth_push_dialog_get_login_text (BerthPushDialog *self)
{
  g_return_val_if_fail (BERTH_IS_PUSH_DIALOG (self), NULL);
  return self->login_text;
}

const char *
berth_push_dialog_get_command (BerthPushDialog *self)
{
  g_return_val_if_fail (BERTH_IS_PUSH_DIALOG (self), NULL);
  return self->command;
}
