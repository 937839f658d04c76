/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "Berth"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "berth-build-dialog.h"
#include "berth-image-page.h"
#include "berth-reference.h"
#include "berth-spinner.h"
#include "berth-window.h"

/* `docker build`: a folder, its Dockerfile (shown and editable, with
 * commented templates for a first one), names and options, then the build
 * itself streaming step by step. The context is counted before it is sent,
 * and a huge one asks first. A failure says which step failed and why. */

typedef enum
{
  STAGE_IDLE,
  STAGE_SAVING,
  STAGE_SCANNING,
  STAGE_ASKING,
  STAGE_RUNNING,
} Stage;

struct _BerthBuildDialog
{
  AdwWindow            parent_instance;

  /* Template widgets */
  AdwWindowTitle      *window_title;
  GtkWidget           *stop_button;
  GtkWidget           *build_button;
  GtkBox              *form_box;
  AdwActionRow        *context_row;
  AdwEntryRow         *dockerfile_row;
  AdwActionRow        *context_info_row;
  AdwEntryRow         *tags_row;
  AdwPreferencesGroup *args_group;
  AdwEntryRow         *target_row;
  GtkSwitch           *no_cache_switch;
  GtkSwitch           *pull_switch;
  GtkLabel            *error_label;
  AdwViewStack        *view_stack;
  GtkLabel            *file_label;
  GtkWidget           *save_button;
  GtkLabel            *editor_note;
  GtkSourceView       *source_view;
  GtkSpinner          *spinner;
  GtkLabel            *status_label;
  GtkProgressBar      *step_bar;
  GtkWidget           *failure_box;
  GtkLabel            *failed_step_label;
  GtkLabel            *failure_label;
  GtkWidget           *success_box;
  GtkLabel            *image_id_label;
  GtkTextView         *output_view;

  /* Built in code */
  GtkLabel            *command_label;
  GPtrArray           *arg_rows;
  GtkTextMark         *end_mark;

  /* Owned */
  char                *context_dir;
  BerthBuildSpec      *spec;
  BerthBuild          *build;
  GtkNativeDialog     *chooser;
  GCancellable        *cancellable;
  GCancellable        *load_cancellable;
  GCancellable        *scan_cancellable;
  GCancellable        *run_cancellable;
  char                *command;
  char                *run_command;
  char                *error;
  char                *build_error;
  char                *context_summary;
  char                *image_id;
  char                *failed_step;
  char                *failure_text;
  guint64              huge_context;
  gint64               started_at;
  Stage                stage;
  BerthBuildPhase      phase;
  gboolean             loaded;
  gboolean             start_after_save;
};

G_DEFINE_FINAL_TYPE (BerthBuildDialog, berth_build_dialog, ADW_TYPE_WINDOW)

static void start_scan (BerthBuildDialog *self, gboolean for_build);

/* Templates ------------------------------------------------------------------ */

/* One instruction and what it does, in one line for someone new to it. */
typedef struct
{
  const char *comment;
  const char *line;
} TemplateLine;

static const TemplateLine static_site[] = {
  { N_("A static website (HTML, CSS, images) served by nginx."), NULL },
  { N_("Build it:  docker build -t my-site ."), NULL },
  { N_("Run it:    docker run -d -p 8080:80 my-site   then open http://localhost:8080"), NULL },
  { NULL, "" },
  { N_("FROM: the image to start from. Every Dockerfile begins with one; here, nginx on Alpine Linux."), "FROM nginx:alpine" },
  { NULL, "" },
  { N_("WORKDIR: the folder inside the image that the next instructions work in (made if missing)."), "WORKDIR /usr/share/nginx/html" },
  { NULL, "" },
  { N_("COPY: copies files from the build context (this folder) into the image."), "COPY . ." },
  { NULL, "" },
  { N_("RUN: runs a command while building and keeps its result as a new layer; here, makes every file readable."), "RUN chmod -R a+rX ." },
  { NULL, "" },
  { N_("EXPOSE: says which port the app listens on; publish it with -p when you run the image."), "EXPOSE 80" },
  { NULL, "" },
  { N_("ENTRYPOINT: the program a container always runs. The nginx image sets its own, so it is not repeated here."), NULL },
  { N_("CMD: the command a container runs when it starts, unless docker run gives another."), "CMD [\"nginx\", \"-g\", \"daemon off;\"]" },
};

static const TemplateLine python_app[] = {
  { N_("A Python app. Put app.py and requirements.txt in this folder."), NULL },
  { N_("Build it:  docker build -t my-app ."), NULL },
  { N_("Run it:    docker run -p 8000:8000 my-app"), NULL },
  { NULL, "" },
  { N_("FROM: the image to start from. Every Dockerfile begins with one; here, Python 3.12 on a small Debian."), "FROM python:3.12-slim" },
  { NULL, "" },
  { N_("WORKDIR: the folder inside the image that the next instructions work in (made if missing)."), "WORKDIR /app" },
  { NULL, "" },
  { N_("COPY: copies files from the build context into the image; the requirements first, so the next step is cached."), "COPY requirements.txt ." },
  { NULL, "" },
  { N_("RUN: runs a command while building and keeps its result as a new layer; here, installs the libraries."), "RUN pip install --no-cache-dir -r requirements.txt" },
  { NULL, "" },
  { N_("COPY again: the rest of the app (what .dockerignore does not leave out)."), "COPY . ." },
  { NULL, "" },
  { N_("EXPOSE: says which port the app listens on; publish it with -p when you run the image."), "EXPOSE 8000" },
  { NULL, "" },
  { N_("ENTRYPOINT: the program a container always runs; what docker run adds goes to it as arguments."), "ENTRYPOINT [\"python\"]" },
  { NULL, "" },
  { N_("CMD: the default arguments when docker run gives none; here, the script to start."), "CMD [\"app.py\"]" },
};

static char *
template_text (const TemplateLine *lines,
               gsize               n_lines)
{
  GString *text = g_string_new (NULL);

  for (gsize i = 0; i < n_lines; i++)
    {
      if (lines[i].comment != NULL)
        g_string_append_printf (text, "# %s\n", _(lines[i].comment));
      if (lines[i].line != NULL)
        g_string_append_printf (text, "%s\n", lines[i].line);
    }
  return g_string_free (text, FALSE);
}

/* The form ------------------------------------------------------------------- */

static void
set_error (BerthBuildDialog *self,
           const char       *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static GtkTextBuffer *
dockerfile_buffer (BerthBuildDialog *self)
{
  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->source_view));
}

static char *
row_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static gboolean
busy (BerthBuildDialog *self)
{
  return self->stage != STAGE_IDLE;
}

static char **
split_tags (const char *text)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) words = g_regex_split_simple ("[\\s,]+", text, 0, 0);

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (*words[i] != '\0')
        g_strv_builder_add (builder, words[i]);
    }
  return g_strv_builder_end (builder);
}

/* Each tag must be a valid reference; say which is not and why. */
static gboolean
validate_tags (char   **tags,
               GError **error)
{
  for (guint i = 0; tags[i] != NULL; i++)
    {
      g_autoptr (GError) local_error = NULL;

      if (!berth_reference_validate (tags[i], &local_error))
        {
          g_set_error (error, local_error->domain, local_error->code,
                       /* Translators: the tag, then what is wrong with it */
                       _("The tag “%s” cannot be used: %s"), tags[i], local_error->message);
          return FALSE;
        }
    }
  return TRUE;
}

static char **
build_args (BerthBuildDialog *self)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < self->arg_rows->len; i++)
    {
      g_autofree char *arg = row_text (g_ptr_array_index (self->arg_rows, i));

      if (*arg != '\0')
        g_strv_builder_add (builder, arg);
    }
  return g_strv_builder_end (builder);
}

/* Rebuilds the spec from the form, checks it and shows its command. */
static void
update (BerthBuildDialog *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dockerfile = row_text (self->dockerfile_row);
  g_autofree char *tags = row_text (self->tags_row);
  g_autofree char *target = row_text (self->target_row);

  g_clear_pointer (&self->spec, berth_build_spec_free);
  self->spec = berth_build_spec_new (self->context_dir ? self->context_dir : "");
  self->spec->dockerfile = *dockerfile ? g_steal_pointer (&dockerfile) : NULL;
  self->spec->tags = split_tags (tags);
  self->spec->build_args = build_args (self);
  self->spec->target = *target ? g_steal_pointer (&target) : NULL;
  self->spec->no_cache = gtk_switch_get_active (self->no_cache_switch);
  self->spec->pull = gtk_switch_get_active (self->pull_switch);

  g_free (self->command);
  self->command = berth_build_spec_to_command (self->spec);
  if (self->context_dir == NULL)
    {
      /* Until a folder is chosen, show the command as people type it. */
      g_free (self->command);
      self->command = g_strdup ("docker build .");
    }
  gtk_label_set_label (self->command_label, self->command);

  if (!validate_tags (self->spec->tags, &error) ||
      (self->context_dir != NULL && !berth_build_spec_validate (self->spec, &error)))
    set_error (self, error->message);
  else
    set_error (self, NULL);

  gtk_widget_set_sensitive (self->build_button, self->context_dir != NULL && self->error == NULL && !busy (self));
}

static void
remove_arg_cb (GtkButton        *button,
               BerthBuildDialog *self)
{
  AdwEntryRow *row = g_object_get_data (G_OBJECT (button), "row");

  g_ptr_array_remove (self->arg_rows, row);
  adw_preferences_group_remove (self->args_group, GTK_WIDGET (row));
  update (self);
}

/**
 * berth_build_dialog_add_build_arg:
 * @arg: (nullable): "KEY=VALUE", or %NULL for an empty row
 */
void
berth_build_dialog_add_build_arg (BerthBuildDialog *self,
                                  const char       *arg)
{
  AdwEntryRow *row;
  GtkWidget *remove;

  g_return_if_fail (BERTH_IS_BUILD_DIALOG (self));

  row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Argument (KEY=VALUE)"));
  gtk_editable_set_text (GTK_EDITABLE (row), arg ? arg : "");
  g_signal_connect_object (row, "changed", G_CALLBACK (update), self, G_CONNECT_SWAPPED);

  remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove Build Argument"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Remove Build Argument"), -1);
  g_object_set_data (G_OBJECT (remove), "row", row);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_arg_cb), self);
  adw_entry_row_add_suffix (row, remove);

  g_ptr_array_add (self->arg_rows, row);
  adw_preferences_group_add (self->args_group, GTK_WIDGET (row));
  update (self);
}

static void
add_arg_clicked_cb (BerthBuildDialog *self)
{
  berth_build_dialog_add_build_arg (self, NULL);
}

/* The Dockerfile -------------------------------------------------------------- */

static GFile *
dockerfile_file (BerthBuildDialog *self)
{
  g_autoptr (GFile) dir = NULL;

  if (self->context_dir == NULL)
    return NULL;
  dir = g_file_new_for_path (self->context_dir);
  return g_file_resolve_relative_path (dir, berth_build_spec_get_dockerfile (self->spec));
}

static void
set_editor_note (BerthBuildDialog *self,
                 const char       *note)
{
  gtk_label_set_label (self->editor_note, note ? note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->editor_note), note != NULL);
}

static void
update_file_label (BerthBuildDialog *self)
{
  g_autoptr (GFile) file = dockerfile_file (self);
  g_autofree char *name = file ? g_file_get_parse_name (file) : NULL;
  g_autofree char *text = NULL;
  gboolean modified = gtk_text_buffer_get_modified (dockerfile_buffer (self));

  if (name == NULL)
    text = g_strdup (_("Choose a folder to see its Dockerfile"));
  else if (modified)
    /* Translators: the Dockerfile's path, with unsaved changes */
    text = g_strdup_printf (_("%s (not saved)"), name);
  else
    text = g_strdup (name);

  gtk_label_set_label (self->file_label, text);
  gtk_widget_set_sensitive (self->save_button, file != NULL && modified && !busy (self));
}

static void
set_dockerfile_text (BerthBuildDialog *self,
                     const char       *text,
                     gboolean          modified)
{
  GtkTextBuffer *buffer = dockerfile_buffer (self);
  GtkTextIter start;

  /* Typed or from a template: one step that undo takes back. A file read
   * from disk is not an edit. */
  if (modified)
    {
      GtkTextIter end;

      gtk_text_buffer_begin_user_action (buffer);
      gtk_text_buffer_get_bounds (buffer, &start, &end);
      gtk_text_buffer_delete (buffer, &start, &end);
      gtk_text_buffer_insert (buffer, &start, text, -1);
      gtk_text_buffer_end_user_action (buffer);
    }
  else
    gtk_text_buffer_set_text (buffer, text, -1);
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
  gtk_text_buffer_set_modified (buffer, modified);
  update_file_label (self);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr (BerthBuildDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_load_contents_finish (G_FILE (object), result, &contents, &length, NULL, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->loaded = TRUE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      set_dockerfile_text (self, "", FALSE);
      set_editor_note (self, _("There is no Dockerfile in this folder yet. Write one here, or start from a commented example with New Dockerfile."));
    }
  else if (error != NULL)
    {
      set_dockerfile_text (self, "", FALSE);
      set_editor_note (self, error->message);
    }
  else if (!g_utf8_validate (contents, length, NULL))
    {
      set_dockerfile_text (self, "", FALSE);
      set_editor_note (self, _("This file is not text, so it cannot be a Dockerfile. Choose the Dockerfile by its name in the folder."));
    }
  else
    {
      set_dockerfile_text (self, contents, FALSE);
      set_editor_note (self, NULL);
    }
}

/* Shows the Dockerfile the form names, unless the editor holds changes. */
static void
load_dockerfile (BerthBuildDialog *self)
{
  g_autoptr (GFile) file = NULL;

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);

  if (gtk_text_buffer_get_modified (dockerfile_buffer (self)))
    {
      update_file_label (self);
      return;
    }

  file = dockerfile_file (self);
  update_file_label (self);
  if (file == NULL)
    return;

  self->loaded = FALSE;
  self->load_cancellable = g_cancellable_new ();
  g_file_load_contents_async (file, self->load_cancellable, load_cb, g_object_ref (self));
}

static void continue_start (BerthBuildDialog *self);
static void set_stage (BerthBuildDialog *self, Stage stage);

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr (BerthBuildDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;
  gboolean then_start = self->start_after_save;

  self->start_after_save = FALSE;
  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (self->stage == STAGE_SAVING)
    set_stage (self, STAGE_IDLE);

  if (error != NULL)
    {
      g_autofree char *name = g_file_get_parse_name (G_FILE (object));

      message = g_strdup_printf (_("The Dockerfile could not be saved as %s: %s"), name, error->message);
      set_error (self, message);
      return;
    }

  gtk_text_buffer_set_modified (dockerfile_buffer (self), FALSE);
  set_editor_note (self, NULL);
  update_file_label (self);
  start_scan (self, FALSE);

  if (then_start)
    continue_start (self);
}

/**
 * berth_build_dialog_save:
 *
 * Writes the editor's text to the Dockerfile in the build context.
 */
void
berth_build_dialog_save (BerthBuildDialog *self)
{
  g_autoptr (GFile) file = NULL;
  g_autoptr (GBytes) bytes = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  char *text;

  g_return_if_fail (BERTH_IS_BUILD_DIALOG (self));

  update (self);
  file = dockerfile_file (self);
  if (file == NULL)
    {
      set_error (self, _("Choose the build context folder first: the Dockerfile is saved in it"));
      self->start_after_save = FALSE;
      return;
    }

  buffer = dockerfile_buffer (self);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  bytes = g_bytes_new_take (text, strlen (text));

  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_NONE,
                                       self->cancellable, save_cb, g_object_ref (self));
}

static void
save_clicked_cb (BerthBuildDialog *self)
{
  self->start_after_save = FALSE;
  berth_build_dialog_save (self);
}

static void
buffer_modified_cb (BerthBuildDialog *self)
{
  update_file_label (self);
}

/**
 * berth_build_dialog_use_template:
 * @name: "static-site" or "python-app"
 *
 * Puts a commented starter Dockerfile in the editor (not saved yet; undo
 * brings back what was there).
 */
void
berth_build_dialog_use_template (BerthBuildDialog *self,
                                 const char       *name)
{
  g_autofree char *text = NULL;

  g_return_if_fail (BERTH_IS_BUILD_DIALOG (self));

  if (g_strcmp0 (name, "python-app") == 0)
    text = template_text (python_app, G_N_ELEMENTS (python_app));
  else
    text = template_text (static_site, G_N_ELEMENTS (static_site));

  set_dockerfile_text (self, text, TRUE);
  set_editor_note (self, _("A starting point, not saved yet. Read the comments, change what you need, then Save or Build."));
  adw_view_stack_set_visible_child_name (self->view_stack, "dockerfile");
}

static void
template_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  berth_build_dialog_use_template (BERTH_BUILD_DIALOG (widget), g_variant_get_string (parameter, NULL));
}

static void
update_style_scheme (BerthBuildDialog *self)
{
  GtkSourceStyleSchemeManager *manager = gtk_source_style_scheme_manager_get_default ();
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GtkSourceStyleScheme *scheme = gtk_source_style_scheme_manager_get_scheme (manager, dark ? "Adwaita-dark" : "Adwaita");

  if (scheme != NULL)
    gtk_source_buffer_set_style_scheme (GTK_SOURCE_BUFFER (dockerfile_buffer (self)), scheme);
}

static void
setup_editor (BerthBuildDialog *self)
{
  GtkSourceLanguage *language = gtk_source_language_manager_get_language (gtk_source_language_manager_get_default (),
                                                                          "docker");
  GtkSourceBuffer *buffer = GTK_SOURCE_BUFFER (dockerfile_buffer (self));

  if (language != NULL)
    gtk_source_buffer_set_language (buffer, language);
  gtk_source_buffer_set_highlight_syntax (buffer, TRUE);
  update_style_scheme (self);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_style_scheme), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (buffer, "modified-changed", G_CALLBACK (buffer_modified_cb), self, G_CONNECT_SWAPPED);
}

/* The context ----------------------------------------------------------------- */

static char *
describe_context (const BerthBuildContext *context)
{
  g_autofree char *size = g_format_size (context->bytes);
  g_autofree char *files = NULL;

  /* Translators: e.g. "12 files, 3.4 kB" */
  files = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu file, %s", "%lu files, %s",
                                        (gulong) MIN (context->files, G_MAXULONG)),
                           (gulong) MIN (context->files, G_MAXULONG), size);
  if (context->excluded == 0)
    return g_steal_pointer (&files);

  /* Translators: the files and size sent, then how many .dockerignore leaves out */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (%lu left out by .dockerignore)",
                                       "%s (%lu left out by .dockerignore)",
                                       (gulong) MIN (context->excluded, G_MAXULONG)),
                          files, (gulong) MIN (context->excluded, G_MAXULONG));
}

static void ask_huge_context (BerthBuildDialog *self, const BerthBuildContext *context);
static void run_build (BerthBuildDialog *self);

static void
scan_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr (BerthBuildDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  BerthBuildContext context = { 0, };
  gboolean for_build = self->stage == STAGE_SCANNING;

  if (!berth_build_context_scan_finish (result, &context, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_free (self->context_summary);
  self->context_summary = error ? g_strdup (error->message) : describe_context (&context);
  adw_action_row_set_subtitle (self->context_info_row, self->context_summary);
  if (error != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->context_info_row), "context-problem");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->context_info_row), "context-problem");

  if (!for_build)
    return;

  if (error != NULL)
    {
      set_stage (self, STAGE_IDLE);
      set_error (self, error->message);
      return;
    }

  if (context.bytes > self->huge_context)
    ask_huge_context (self, &context);
  else
    run_build (self);
}

static void
start_scan (BerthBuildDialog *self,
            gboolean          for_build)
{
  g_cancellable_cancel (self->scan_cancellable);
  g_clear_object (&self->scan_cancellable);
  if (self->context_dir == NULL)
    return;

  update (self);
  self->scan_cancellable = g_cancellable_new ();
  if (!for_build)
    adw_action_row_set_subtitle (self->context_info_row, _("Counting…"));
  berth_build_context_scan_async (self->spec, self->scan_cancellable, scan_cb, g_object_ref (self));
}

static void
dockerfile_changed_cb (BerthBuildDialog *self)
{
  update (self);
  load_dockerfile (self);
  start_scan (self, FALSE);
}

/**
 * berth_build_dialog_set_context_dir:
 * @path: the folder to build, an absolute path
 *
 * Shows its Dockerfile and counts what would be sent.
 */
void
berth_build_dialog_set_context_dir (BerthBuildDialog *self,
                                    const char       *path)
{
  g_autofree char *display = NULL;

  g_return_if_fail (BERTH_IS_BUILD_DIALOG (self));
  g_return_if_fail (path != NULL);

  g_free (self->context_dir);
  self->context_dir = g_strdup (path);
  display = g_filename_display_name (path);
  adw_action_row_set_subtitle (self->context_row, display);
  adw_window_title_set_subtitle (self->window_title, display);

  /* A new folder: whatever was in the editor belonged to the old one. */
  gtk_text_buffer_set_modified (dockerfile_buffer (self), FALSE);
  dockerfile_changed_cb (self);
}

static void
chooser_response_cb (GtkNativeDialog  *chooser,
                     int               response,
                     BerthBuildDialog *self)
{
  g_autoptr (GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL && g_file_peek_path (file) != NULL)
    berth_build_dialog_set_context_dir (self, g_file_peek_path (file));
  g_clear_object (&self->chooser);
}

static void
choose_clicked_cb (BerthBuildDialog *self)
{
  GtkFileChooserNative *chooser;

  if (self->chooser != NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Choose the Build Context Folder"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Choose"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  if (self->context_dir != NULL)
    {
      g_autoptr (GFile) current = g_file_new_for_path (self->context_dir);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), current, NULL);
    }
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (self->chooser);
}

/* Output ------------------------------------------------------------------------ */

static void
append_output (BerthBuildDialog *self,
               const char       *text,
               const char       *tag)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->output_view);
  GtkTextIter end;

  gtk_text_buffer_get_end_iter (buffer, &end);
  if (tag != NULL)
    gtk_text_buffer_insert_with_tags_by_name (buffer, &end, text, -1, tag, NULL);
  else
    gtk_text_buffer_insert (buffer, &end, text, -1);
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert (buffer, &end, "\n", 1);
  gtk_text_view_scroll_mark_onscreen (self->output_view, self->end_mark);
}

static gboolean
scroll_to_end_cb (gpointer user_data)
{
  BerthBuildDialog *self = user_data;

  if (!g_cancellable_is_cancelled (self->cancellable))
    gtk_text_view_scroll_to_mark (self->output_view, self->end_mark, 0.0, FALSE, 0.0, 0.0);
  return G_SOURCE_REMOVE;
}

/* Once the boxes above the output settled in their new size. */
static void
scroll_to_end_later (BerthBuildDialog *self)
{
  g_idle_add_full (G_PRIORITY_LOW, scroll_to_end_cb, g_object_ref (self), g_object_unref);
}

static void
build_line_cb (BerthBuild         *build,
               BerthBuildLineKind  kind,
               const char         *text,
               BerthBuildDialog   *self)
{
  static const char * const tags[] = { "step", NULL, "status", "failure" };

  if (kind == BERTH_BUILD_LINE_ERROR)
    {
      g_free (self->failure_text);
      self->failure_text = g_strdup (text);
    }
  append_output (self, text, kind < G_N_ELEMENTS (tags) ? tags[kind] : NULL);
}

static void
setup_output (BerthBuildDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->output_view);
  GtkTextIter end;

  gtk_text_buffer_create_tag (buffer, "step", "weight", PANGO_WEIGHT_BOLD, "pixels-above-lines", 8, NULL);
  gtk_text_buffer_create_tag (buffer, "status", "style", PANGO_STYLE_ITALIC, NULL);
  gtk_text_buffer_create_tag (buffer, "note", "style", PANGO_STYLE_ITALIC, "foreground", "#3584e4", NULL);
  gtk_text_buffer_create_tag (buffer, "failure", "weight", PANGO_WEIGHT_BOLD, "foreground", "#e01b24", NULL);
  gtk_text_buffer_get_end_iter (buffer, &end);
  self->end_mark = gtk_text_buffer_create_mark (buffer, "end", &end, FALSE);
}

/* Stage and phase ------------------------------------------------------------- */

static void
set_stage (BerthBuildDialog *self,
           Stage             stage)
{
  gboolean active = stage != STAGE_IDLE;

  self->stage = stage;
  gtk_widget_set_visible (self->stop_button, active);
  if (active)
    berth_spinner_start_later (self->spinner);
  else
    berth_spinner_stop (self->spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), active);
  gtk_widget_set_sensitive (GTK_WIDGET (self->form_box), !active);
  update (self);
  update_file_label (self);
}

static void
update_status (BerthBuildDialog *self)
{
  BerthBuild *build = self->build;
  guint number = build ? berth_build_get_step_number (build) : 0;
  guint count = build ? berth_build_get_step_count (build) : 0;
  g_autofree char *text = NULL;

  if (build == NULL)
    return;

  switch (berth_build_get_phase (build))
    {
    case BERTH_BUILD_PHASE_SENDING:
      {
        g_autofree char *sent = g_format_size (berth_build_get_sent_bytes (build));

        text = g_strdup_printf (_("Sending the build context (%s)…"), sent);
      }
      break;
    case BERTH_BUILD_PHASE_BUILDING:
      text = berth_build_get_step (build)
               ? g_strdup_printf (_("Building: %s"), berth_build_get_step (build))
               : g_strdup (_("Building…"));
      break;
    case BERTH_BUILD_PHASE_DONE:
    case BERTH_BUILD_PHASE_FAILED:
    case BERTH_BUILD_PHASE_IDLE:
    default:
      return;
    }

  gtk_label_set_label (self->status_label, text);
  if (count > 0)
    gtk_progress_bar_set_fraction (self->step_bar, (double) (number > 0 ? number - 1 : 0) / count);
}

static char *
short_id (const char *id)
{
  const char *hex = g_str_has_prefix (id, "sha256:") ? id + strlen ("sha256:") : id;

  return g_strndup (hex, 12);
}

static void
show_success (BerthBuildDialog *self,
              const char       *id)
{
  g_autofree char *text = NULL;
  g_autofree char *seconds = NULL;
  g_autofree char *shown = short_id (id);
  gint64 elapsed = (g_get_monotonic_time () - self->started_at) / G_USEC_PER_SEC;

  if (self->spec->tags != NULL && self->spec->tags[0] != NULL)
    {
      g_autofree char *tags = g_strjoinv (", ", self->spec->tags);

      /* Translators: the new image's short id, then its tags */
      text = g_strdup_printf (_("Image %s, tagged %s"), shown, tags);
    }
  else
    text = g_strdup_printf (_("Image %s, without a tag: add one with Tag… on its page"), shown);

  gtk_label_set_label (self->image_id_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->image_id_label), id);
  gtk_widget_set_visible (self->success_box, TRUE);
  seconds = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Built in %u second", "Built in %u seconds",
                                          (gulong) MAX (elapsed, 1)), (guint) MAX (elapsed, 1));
  gtk_label_set_label (self->status_label, seconds);
  gtk_progress_bar_set_fraction (self->step_bar, 1.0);
}

static void
show_failure (BerthBuildDialog *self,
              const GError     *error)
{
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;

  if (self->failed_step != NULL)
    /* Translators: the failed step as the builder wrote it, "Step 2/3 : RUN make" */
    heading = g_strdup_printf (_("Failed at %s"), self->failed_step);
  else
    heading = g_strdup (_("The build could not run"));

  /* The builder's own words; for a RUN step, what that means. */
  if (self->failed_step != NULL && strstr (self->failed_step, ": RUN ") != NULL)
    body = g_strdup_printf (_("%s\n\nA RUN step fails when its command ends with an error (an exit code other than 0); its output is above. Fix the command in the Dockerfile and build again: the steps before it come from the cache."),
                            self->failure_text ? self->failure_text : error->message);
  else
    body = g_strdup (self->failure_text ? self->failure_text : error->message);

  gtk_label_set_label (self->status_label, _("The build failed"));
  gtk_label_set_label (self->failed_step_label, heading);
  gtk_label_set_label (self->failure_label, body);
  gtk_widget_set_visible (self->failure_box, TRUE);
}

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr (BerthBuildDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *done = NULL;
  BerthBuild *build = BERTH_BUILD (object);

  id = berth_build_run_finish (build, result, &error);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  g_signal_handlers_disconnect_by_data (build, self);
  g_clear_object (&self->run_cancellable);
  self->phase = berth_build_get_phase (build);
  g_free (self->failed_step);
  self->failed_step = g_strdup (berth_build_get_failed_step (build));
  set_stage (self, STAGE_IDLE);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      gtk_label_set_label (self->status_label, _("Stopped. No image was made, and nothing was tagged."));
      append_output (self, _("The build was stopped."), "note");
      return;
    }

  if (error != NULL)
    {
      g_free (self->build_error);
      self->build_error = g_strdup (error->message);
      show_failure (self, error);
      scroll_to_end_later (self);
      berth_image_report (GTK_WIDGET (self), error->message, self->run_command, TRUE);
      return;
    }

  g_free (self->image_id);
  self->image_id = g_strdup (id);
  show_success (self, id);
  scroll_to_end_later (self);
  if (self->spec->tags != NULL && self->spec->tags[0] != NULL)
    done = g_strdup_printf (_("Built “%s”"), self->spec->tags[0]);
  else
    {
      g_autofree char *shown = short_id (id);

      done = g_strdup_printf (_("Built image %s"), shown);
    }
  berth_image_report (GTK_WIDGET (self), done, self->run_command, FALSE);
}

static void
run_build (BerthBuildDialog *self)
{
  BerthStore *store = berth_image_find_store (GTK_WIDGET (self));
  GtkTextBuffer *output = gtk_text_view_get_buffer (self->output_view);

  if (store == NULL)
    {
      set_stage (self, STAGE_IDLE);
      set_error (self, _("Berth is not connected to an engine"));
      return;
    }

  if (self->build != NULL)
    g_signal_handlers_disconnect_by_data (self->build, self);
  g_clear_object (&self->build);
  g_clear_pointer (&self->image_id, g_free);
  g_clear_pointer (&self->failed_step, g_free);
  g_clear_pointer (&self->build_error, g_free);
  g_clear_pointer (&self->failure_text, g_free);
  g_free (self->run_command);
  self->run_command = g_strdup (self->command);

  gtk_text_buffer_set_text (output, "", 0);
  append_output (self, self->run_command, "note");
  gtk_widget_set_visible (self->failure_box, FALSE);
  gtk_widget_set_visible (self->success_box, FALSE);
  gtk_progress_bar_set_fraction (self->step_bar, 0);
  gtk_label_set_label (self->status_label, _("Starting…"));
  adw_view_stack_set_visible_child_name (self->view_stack, "output");

  self->build = berth_build_new (self->spec);
  self->phase = BERTH_BUILD_PHASE_SENDING;
  self->started_at = g_get_monotonic_time ();
  g_signal_connect (self->build, "line", G_CALLBACK (build_line_cb), self);
  g_signal_connect_swapped (self->build, "notify::phase", G_CALLBACK (update_status), self);
  g_signal_connect_swapped (self->build, "notify::step", G_CALLBACK (update_status), self);
  g_signal_connect_swapped (self->build, "notify::sent-bytes", G_CALLBACK (update_status), self);

  set_stage (self, STAGE_RUNNING);
  self->run_cancellable = g_cancellable_new ();
  berth_build_run_async (self->build, berth_store_get_engine (store), self->run_cancellable,
                         run_cb, g_object_ref (self));
}

static void
huge_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  BerthBuildDialog *self)
{
  if (self->stage != STAGE_ASKING)
    return;

  if (g_strcmp0 (response, "send") == 0)
    run_build (self);
  else
    set_stage (self, STAGE_IDLE);
}

static void
ask_huge_context (BerthBuildDialog        *self,
                  const BerthBuildContext *context)
{
  AdwMessageDialog *dialog;
  g_autofree char *size = g_format_size (context->bytes);
  g_autofree char *heading = g_strdup_printf (_("Send %s to the Engine?"), size);
  g_autofree char *body = NULL;

  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "The build context holds %lu file, %s in all. All of it is sent to the engine before the first step runs, which takes a while and uses disk space.\n\nA .dockerignore file in the folder can leave out what the build does not need, like .git, node_modules or build output.",
                                       "The build context holds %lu files, %s in all. All of it is sent to the engine before the first step runs, which takes a while and uses disk space.\n\nA .dockerignore file in the folder can leave out what the build does not need, like .git, node_modules or build output.",
                                       (gulong) MIN (context->files, G_MAXULONG)),
                          (gulong) MIN (context->files, G_MAXULONG), size);

  set_stage (self, STAGE_ASKING);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, body));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "send", _("_Send and Build"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "send", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (huge_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Saved (if need be): count the context, then build. */
static void
continue_start (BerthBuildDialog *self)
{
  set_stage (self, STAGE_SCANNING);
  gtk_label_set_label (self->status_label, _("Counting the build context…"));
  start_scan (self, TRUE);
}

/**
 * berth_build_dialog_start:
 *
 * Builds: saves the Dockerfile if the editor changed it, counts the
 * context (asking first when it is huge), then streams the build.
 */
void
berth_build_dialog_start (BerthBuildDialog *self)
{
  g_return_if_fail (BERTH_IS_BUILD_DIALOG (self));

  update (self);
  if (busy (self) || !gtk_widget_get_sensitive (self->build_button))
    return;

  self->phase = BERTH_BUILD_PHASE_IDLE;
  if (gtk_text_buffer_get_modified (dockerfile_buffer (self)))
    {
      set_stage (self, STAGE_SAVING);
      gtk_label_set_label (self->status_label, _("Saving the Dockerfile…"));
      self->start_after_save = TRUE;
      berth_build_dialog_save (self);
      return;
    }

  continue_start (self);
}

/* Stops the build (or what leads to it). */
void
berth_build_dialog_cancel (BerthBuildDialog *self)
{
  g_return_if_fail (BERTH_IS_BUILD_DIALOG (self));

  if (self->run_cancellable != NULL)
    {
      g_cancellable_cancel (self->run_cancellable);
      return;
    }

  self->start_after_save = FALSE;
  g_cancellable_cancel (self->scan_cancellable);
  if (self->stage != STAGE_IDLE && self->stage != STAGE_RUNNING)
    set_stage (self, STAGE_IDLE);
}

static void
show_image_clicked_cb (BerthBuildDialog *self)
{
  BerthWindow *window = berth_image_find_window (GTK_WIDGET (self));

  if (window == NULL || self->image_id == NULL)
    return;

  berth_window_open_image (window, self->image_id);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  save_clicked_cb (BERTH_BUILD_DIALOG (widget));
}

/* GObject ------------------------------------------------------------------------ */

static void
berth_build_dialog_dispose (GObject *object)
{
  BerthBuildDialog *self = BERTH_BUILD_DIALOG (object);

  /* Closing the dialog stops the build. */
  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->load_cancellable);
  g_cancellable_cancel (self->scan_cancellable);
  g_cancellable_cancel (self->run_cancellable);
  if (self->build != NULL)
    g_signal_handlers_disconnect_by_data (self->build, self);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), BERTH_TYPE_BUILD_DIALOG);

  G_OBJECT_CLASS (berth_build_dialog_parent_class)->dispose (object);
}

static void
berth_build_dialog_finalize (GObject *object)
{
  BerthBuildDialog *self = BERTH_BUILD_DIALOG (object);

  g_clear_object (&self->build);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->scan_cancellable);
  g_clear_object (&self->run_cancellable);
  g_clear_pointer (&self->spec, berth_build_spec_free);
  g_clear_pointer (&self->arg_rows, g_ptr_array_unref);
  g_free (self->context_dir);
  g_free (self->command);
  g_free (self->run_command);
  g_free (self->error);
  g_free (self->build_error);
  g_free (self->context_summary);
  g_free (self->image_id);
  g_free (self->failed_step);
  g_free (self->failure_text);

  G_OBJECT_CLASS (berth_build_dialog_parent_class)->finalize (object);
}

static void
berth_build_dialog_class_init (BerthBuildDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = berth_build_dialog_dispose;
  object_class->finalize = berth_build_dialog_finalize;

  g_type_ensure (GTK_SOURCE_TYPE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/berthapp/Berth/ui/berth-build-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BerthBuildDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, BerthBuildDialog, stop_button);
  gtk_widget_class_bind_template_child (widget_class, BerthBuildDialog, build_button);
  gtk_widget_class_bind_template_child (widget_class, BerthBuildDialog, form_box);
  gtk_widget_class_bind_template_child (widget_class, BerthBuildDialog, context_row);
  gtk_widget_class_bind_template_child (widget_class, BerthBuildDialog, dockerfile_row);
  gtk_widget_class_bind_template_child (widget_class, BerthBuildDialog, context_info_row);
  gtk_widget_class_bind_template_child (widget_class, BerthBuildDialog, tags_row);
  gtk_widget_class_bind_template_child (widget_class, BerthBuildDialog, args_group);
  gtk_widget_class_bind_template_child (widget_class, BerthBuildDialog, target_row);
  gtk_widget_class_bind_template_child (widget_class, BerthBuildDialog, no_cache_switch);
  gtk_widget_class_bind_template_child (widget_class, BerthBuildDialog, pull_switch);
  gtk_widget_class_bind_template_child (widget_class, BerthBuildDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, BerthBuildDialog, view_stack);
  gtk_widget_class_bind_template_child (widget_class, BerthBuildDialog, file_label);
  gtk_widget_class_bind_template_child (widget_class, BerthBuildDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, BerthBuildDialog, editor_note);
  gtk_widget_class_bind_template_child (widget_class, BerthBuildDialog, source_view);
  gtk_widget_class_bind_template_child (widget_class, BerthBuildDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, BerthBuildDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, BerthBuildDialog, step_bar);
  gtk_widget_class_bind_template_child (widget_class, BerthBuildDialog, failure_box);
  gtk_widget_class_bind_template_child (widget_class, BerthBuildDialog, failed_step_label);
  gtk_widget_class_bind_template_child (widget_class, BerthBuildDialog, failure_label);
  gtk_widget_class_bind_template_child (widget_class, BerthBuildDialog, success_box);
  gtk_widget_class_bind_template_child (widget_class, BerthBuildDialog, image_id_label);
  gtk_widget_class_bind_template_child (widget_class, BerthBuildDialog, output_view);
  gtk_widget_class_bind_template_callback (widget_class, berth_build_dialog_start);
  gtk_widget_class_bind_template_callback (widget_class, berth_build_dialog_cancel);
  gtk_widget_class_bind_template_callback (widget_class, choose_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, dockerfile_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, update);
  gtk_widget_class_bind_template_callback (widget_class, add_arg_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, show_image_clicked_cb);

  gtk_widget_class_install_action (widget_class, "build.template", "s", template_action);
  gtk_widget_class_install_action (widget_class, "build.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "build.save", NULL);
}

static void
berth_build_dialog_init (BerthBuildDialog *self)
{
  self->cancellable = g_cancellable_new ();
  self->arg_rows = g_ptr_array_new ();
  self->huge_context = BERTH_BUILD_DIALOG_HUGE_CONTEXT;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_box_append (self->form_box, berth_command_preview_new (NULL, &self->command_label));
  setup_editor (self);
  setup_output (self);
  update (self);
  update_file_label (self);
}

BerthBuildDialog *
berth_build_dialog_new (GtkWindow *parent)
{
  return g_object_new (BERTH_TYPE_BUILD_DIALOG, "transient-for", parent, NULL);
}

/* Fills a field as if typed: "dockerfile", "tags" or "target". */
void
berth_build_dialog_set_field (BerthBuildDialog *self,
                              const char       *field,
                              const char       *value)
{
  AdwEntryRow *row = NULL;

  g_return_if_fail (BERTH_IS_BUILD_DIALOG (self));

  if (g_str_equal (field, "dockerfile"))
    row = self->dockerfile_row;
  else if (g_str_equal (field, "tags"))
    row = self->tags_row;
  else if (g_str_equal (field, "target"))
    row = self->target_row;

  g_return_if_fail (row != NULL);
  gtk_editable_set_text (GTK_EDITABLE (row), value ? value : "");
}

/* Turns a switch on or off: "no-cache" or "pull". */
void
berth_build_dialog_set_option (BerthBuildDialog *self,
                               const char       *option,
                               gboolean          active)
{
  g_return_if_fail (BERTH_IS_BUILD_DIALOG (self));

  if (g_str_equal (option, "no-cache"))
    gtk_switch_set_active (self->no_cache_switch, active);
  else if (g_str_equal (option, "pull"))
    gtk_switch_set_active (self->pull_switch, active);
  else
    g_return_if_reached ();
}

const char *
berth_build_dialog_get_context_dir (BerthBuildDialog *self)
{
  g_return_val_if_fail (BERTH_IS_BUILD_DIALOG (self), NULL);
  return self->context_dir;
}

char *
berth_build_dialog_get_dockerfile_text (BerthBuildDialog *self)
{
  GtkTextIter start, end;

  g_return_val_if_fail (BERTH_IS_BUILD_DIALOG (self), NULL);

  gtk_text_buffer_get_bounds (dockerfile_buffer (self), &start, &end);
  return gtk_text_buffer_get_text (dockerfile_buffer (self), &start, &end, FALSE);
}

/* Types into the editor (the file is written on Save or Build). */
void
berth_build_dialog_set_dockerfile_text (BerthBuildDialog *self,
                                        const char       *text)
{
  g_return_if_fail (BERTH_IS_BUILD_DIALOG (self));
  set_dockerfile_text (self, text, TRUE);
}

/* Whether the Dockerfile of the chosen folder has been read. */
gboolean
berth_build_dialog_get_loaded (BerthBuildDialog *self)
{
  g_return_val_if_fail (BERTH_IS_BUILD_DIALOG (self), FALSE);
  return self->loaded;
}

gboolean
berth_build_dialog_get_modified (BerthBuildDialog *self)
{
  g_return_val_if_fail (BERTH_IS_BUILD_DIALOG (self), FALSE);
  return gtk_text_buffer_get_modified (dockerfile_buffer (self));
}

/* For tests: the size above which the dialog asks before sending. */
void
berth_build_dialog_set_huge_context (BerthBuildDialog *self,
                                     guint64           bytes)
{
  g_return_if_fail (BERTH_IS_BUILD_DIALOG (self));
  self->huge_context = bytes;
}

gboolean
berth_build_dialog_get_busy (BerthBuildDialog *self)
{
  g_return_val_if_fail (BERTH_IS_BUILD_DIALOG (self), FALSE);
  return busy (self);
}

/* The last build's phase: idle before any, done or failed after. */
BerthBuildPhase
berth_build_dialog_get_phase (BerthBuildDialog *self)
{
  g_return_val_if_fail (BERTH_IS_BUILD_DIALOG (self), BERTH_BUILD_PHASE_IDLE);

  if (self->stage == STAGE_RUNNING && self->build != NULL)
    return berth_build_get_phase (self->build);
  return self->phase;
}

/* The build output as shown. */
char *
berth_build_dialog_get_output (BerthBuildDialog *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (BERTH_IS_BUILD_DIALOG (self), NULL);

  buffer = gtk_text_view_get_buffer (self->output_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* "3 files, 1.2 kB", or why the context cannot be sent. */
const char *
berth_build_dialog_get_context_summary (BerthBuildDialog *self)
{
  g_return_val_if_fail (BERTH_IS_BUILD_DIALOG (self), NULL);
  return self->context_summary;
}

const char *
berth_build_dialog_get_image_id (BerthBuildDialog *self)
{
  g_return_val_if_fail (BERTH_IS_BUILD_DIALOG (self), NULL);
  return self->image_id;
}

const char *
berth_build_dialog_get_failed_step (BerthBuildDialog *self)
{
  g_return_val_if_fail (BERTH_IS_BUILD_DIALOG (self), NULL);
  return self->failed_step;
}

/* Why the last build failed, else what is wrong with the form. */
const char *
berth_build_dialog_get_error (BerthBuildDialog *self)
{
  g_return_val_if_fail (BERTH_IS_BUILD_DIALOG (self), NULL);
  return self->build_error ? self->build_error : self->error;
}

const char *
berth_build_dialog_get_command (BerthBuildDialog *self)
{
  g_return_val_if_fail (BERTH_IS_BUILD_DIALOG (self), NULL);
  return self->command;
}

/* "dockerfile" or "output": what the right-hand side shows. */
const char *
berth_build_dialog_get_view (BerthBuildDialog *self)
{
  g_return_val_if_fail (BERTH_IS_BUILD_DIALOG (self), NULL);
  return adw_view_stack_get_visible_child_name (self->view_stack);
}
