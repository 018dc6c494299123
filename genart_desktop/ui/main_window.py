"""The main window: gallery in the centre, Models on the left, Generate and Train on the right."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QScrollArea,
    QWidget,
)

from genart_desktop.core.version import APP_NAME
from genart_desktop.jobs.generation_jobs import ModelsWatcher
from genart_desktop.library.importer import is_image_path
from genart_desktop.ui.about_dialog import show_about
from genart_desktop.ui.context import AppContext
from genart_desktop.ui.dataset_flow import DatasetFlow
from genart_desktop.ui.drop_zone import dropped_paths
from genart_desktop.ui.export_dialog import export_selected, rights_editor_for
from genart_desktop.ui.gallery.actions import GalleryActions, gallery_actions
from genart_desktop.ui.gallery_panel import GalleryPanel
from genart_desktop.ui.generate_panel import GeneratePanel, wire_generation
from genart_desktop.ui.latent_panel import LatentPanel
from genart_desktop.ui.models_panel import ModelsPanel
from genart_desktop.ui.preferences_dialog import PreferencesDialog
from genart_desktop.ui.train_panel import TrainPanel
from genart_desktop.ui.wheel_guard import guard_wheel

log = logging.getLogger(__name__)

# Side docks: never narrower than what their panels need to show every label (at 1024×700 both
# docks and a usable gallery fit), and back to the preferred width when the window grows.
LEFT_MIN, RIGHT_MIN = 290, 300
LEFT_PREFERRED, RIGHT_PREFERRED = 340, 380
RESUME_OFFER_DELAY_MS = 800  # after the first paint: the window is up before anything asks
GALLERY_COMFORT = 520  # the gallery keeps at least this much before the docks grow past their minimum


class MainWindow(QMainWindow):
    """Assembled here, and only here, from explicit parts: each panel gets the context (or the
    part of it it needs) as an argument, and the connections between panels are made below
    with the panels named, not by modules that look for the window's attributes."""

    first_painted = Signal()

    def __init__(self, context: AppContext | None = None) -> None:
        super().__init__()
        self.context = context or AppContext()
        self.setWindowTitle(APP_NAME)
        self.setObjectName("mainWindow")
        self.setAcceptDrops(True)
        self._fit_to_screen(1440, 900)
        self._painted = False

        # -- the parts ---------------------------------------------------------------------
        context = self.context
        self.models_watcher = ModelsWatcher(self)  # one watcher for the Models and Generate panels
        self.gallery = GalleryPanel(self, context=context)
        self.setCentralWidget(self.gallery)
        self.models_panel = ModelsPanel(self, watcher=self.models_watcher)
        self.generate_panel = GeneratePanel(self, context=context, watcher=self.models_watcher)
        self.train_panel = TrainPanel(self, jobs=context.jobs)
        self.latent_panel = LatentPanel(self.generate_panel.controller, self)
        # Left: the models and what to do with them; right: the selected image's details.
        left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        self.models_dock = self._dock("Models", self.models_panel, left, LEFT_MIN)
        self.generate_dock = self._dock("Generate", self.generate_panel, left, LEFT_MIN)
        self.train_dock = self._dock("Train", self.train_panel, left, LEFT_MIN)
        self.explore_dock = self._dock("Explore", self.latent_panel, left, LEFT_MIN)
        # One column of tabs: Generate (first, with its own model picker and card) needs the
        # full height of a laptop screen for its Generate button to be in view.
        self.tabifyDockWidget(self.generate_dock, self.explore_dock)
        self.tabifyDockWidget(self.generate_dock, self.train_dock)
        self.tabifyDockWidget(self.generate_dock, self.models_dock)
        self.generate_dock.raise_()
        self.details_dock = None
        detail = getattr(self.gallery, "detail", None)  # absent when the library cannot open
        if detail is not None:
            self.details_dock = self._dock("Details", detail, right, RIGHT_MIN)
        self._side_docks = [d for d in (self.generate_dock, self.details_dock) if d is not None]
        self._preferred = {self.generate_dock: LEFT_PREFERRED, self.details_dock: RIGHT_PREFERRED}
        self._rebalance = QTimer(self, singleShot=True, interval=0)
        self._rebalance.timeout.connect(self.restore_dock_widths)
        self.resizeDocks(self._side_docks, self._dock_widths(self.width()), Qt.Orientation.Horizontal)
        # folders chosen → scan → report → dataset_ready(id)
        self.dataset_flow = DatasetFlow(self, context, show_status=self.show_status)

        # -- the connections between them ---------------------------------------------------
        wire_generation(self.generate_panel, self.gallery, self.models_panel,
                        show_panel=self.generate_dock.raise_)
        self.latent_panel.keeping.connect(self.generate_panel.run_started)  # select only the kept one
        self.train_panel.folders_chosen.connect(self.dataset_flow.start)
        self.dataset_flow.dataset_ready.connect(self._train_on_dataset)
        self.train_panel.model_ready.connect(self._model_trained)

        self.status_message = QLabel("Ready", self)
        self.statusBar().addWidget(self.status_message, 1)
        # Training's state stays in view whatever tab is in front: "Training", "Training paused".
        self.training_state = QLabel("", self)
        self.training_state.setObjectName("trainingState")
        self.statusBar().addPermanentWidget(self.training_state)
        self.train_panel.state_changed.connect(self.training_state.setText)
        self._build_menus()
        self.rights_editor = rights_editor_for(context, self.gallery) if self._library_open() else None
        self._restore_geometry()
        self.resume_offer: QMessageBox | None = None
        QTimer.singleShot(RESUME_OFFER_DELAY_MS, self, self.offer_resume)
        # However the event loop ends (window closed, app.exit() from a check, a signal),
        # background threads are stopped first: a QThread destroyed while running aborts.
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop_background_work)

    # -- construction ----------------------------------------------------------------------
    def _fit_to_screen(self, width: int, height: int) -> None:
        """Start at the preferred size, but never larger than the screen's free area."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is not None:
            free = screen.availableGeometry()
            width, height = min(width, int(free.width() * 0.95)), min(height, int(free.height() * 0.92))
        self.resize(width, height)

    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea, min_width: int) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"{title.lower()}Dock")
        # Panels are taller than a laptop screen: they scroll vertically instead of stretching the
        # window. They never scroll sideways: the dock is as wide as the panel's minimum, so the
        # splitter between dock and gallery cannot squeeze a panel into a clipped strip.
        scroller = QScrollArea(dock)
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QScrollArea.Shape.NoFrame)
        scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        widget.setMinimumWidth(min_width)
        for combo in widget.findChildren(QComboBox):  # long item texts must not widen the dock
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(min(combo.minimumContentsLength() or 12, 12))
        guard_wheel(widget)  # scrolling the panel must not change its fields
        scroller.setWidget(widget)
        bar = scroller.verticalScrollBar().sizeHint().width()
        scroller.setMinimumWidth(min_width + bar)
        dock.setWidget(scroller)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        self.addDockWidget(area, dock)
        return dock

    def _dock_widths(self, window_width: int) -> list[int]:
        """The side docks' widths for a window this wide: their minimum, plus what the gallery
        can spare (it keeps GALLERY_COMFORT) up to their preferred width."""
        mins = [LEFT_MIN if d is self.generate_dock else RIGHT_MIN for d in self._side_docks]
        spare = max(0, window_width - sum(mins) - 40 - GALLERY_COMFORT)
        widths = []
        for dock, low in zip(self._side_docks, mins, strict=True):
            grow = min(self._preferred[dock] - low, spare)
            spare -= grow
            widths.append(low + grow)
        return widths

    def restore_dock_widths(self) -> None:
        """Give the side docks back their preferred width when the window has room again (a
        window made small and then large again must not keep its docks at their minimum)."""
        central = self.centralWidget()
        room = central.width() - GALLERY_COMFORT if central is not None else 0
        docks, widths = [], []
        for dock in self._side_docks:
            if not dock.isVisible() or dock.isFloating():
                continue
            want = self._preferred[dock]
            if dock.width() < want and room > 0:
                grow = min(want - dock.width(), room)
                room -= grow
                docks.append(dock)
                widths.append(dock.width() + grow)
        if docks:
            self.resizeDocks(docks, widths, Qt.Orientation.Horizontal)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.size().width() > event.oldSize().width() and event.oldSize().width() > 0:
            self._rebalance.start()

    def _action(
        self, text: str, shortcut: QKeySequence.StandardKey | str | None, slot, fallback: str = ""
    ) -> QAction:
        """An action with the platform's standard shortcut, or ``fallback`` where it has none."""
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if action.shortcut().isEmpty() and fallback:
            action.setShortcut(QKeySequence(fallback))
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.import_action = self._action(
            "&Import…", QKeySequence.StandardKey.Open, self.import_images, "Ctrl+O"
        )
        self.train_folder_action = self._action("&Train on a Folder…", "Ctrl+Shift+T", self.train_on_folder)
        self.export_action = self._action("&Export…", "Ctrl+E", self.export_selection)
        # Nothing to export until images are selected; the gallery enables it.
        self.export_action.setEnabled(False)
        self.preferences_action = self._action(
            "&Preferences…", QKeySequence.StandardKey.Preferences, self.show_preferences, "Ctrl+,"
        )
        self.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.quit_action = self._action("&Quit", QKeySequence.StandardKey.Quit, self.close, "Ctrl+Q")
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        file_menu.addAction(self.train_folder_action)
        file_menu.addSeparator()
        file_menu.addAction(self.import_action)
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addAction(self.preferences_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        self.edit_menu = bar.addMenu("&Edit")
        self.view_menu = bar.addMenu("&View")
        for dock in (self.models_dock, self.generate_dock, self.explore_dock, self.train_dock,
                     self.details_dock):
            if dock is not None:
                self.view_menu.addAction(dock.toggleViewAction())

        self._add_gallery_actions(file_menu)
        if getattr(self.gallery, "start_buttons", None) is not None:
            self._connect_start_buttons(self.gallery.start_buttons)

        help_menu = bar.addMenu("&Help")
        self.getting_started_action = self._action("&Getting Started", None, self.show_getting_started)
        self.shortcuts_action = self._action("&Keyboard Shortcuts", "Ctrl+/", self.show_shortcuts)
        help_menu.addAction(self.getting_started_action)
        help_menu.addAction(self.shortcuts_action)
        help_menu.addSeparator()
        self.about_action = self._action(f"&About {APP_NAME}", None, lambda: show_about(self))
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        help_menu.addAction(self.about_action)

    def _add_gallery_actions(self, file_menu: QMenu) -> None:
        """The gallery's Edit-menu actions, File ▸ Import Folder…, and what the gallery says."""
        gallery = self.gallery
        actions: GalleryActions = gallery_actions(self, gallery, self.edit_menu)
        self.gallery_actions = actions
        self.select_all_action, self.delete_action = actions.select_all, actions.delete
        self.favourite_action, self.tag_action = actions.favourite, actions.tag
        self.untag_action = actions.untag
        self.show_trash_action, self.empty_trash_action = actions.show_trash, actions.empty_trash
        self.check_library_action, self.import_folder_action = actions.check_library, actions.import_folder
        file_menu.insertAction(self.export_action, actions.import_folder)  # beside Import… (files)
        gallery.selection_changed.connect(lambda count: self.export_action.setEnabled(count > 0))
        gallery.status_message.connect(self.show_status)
        gallery.export_requested.connect(lambda _ids: self.export_action.trigger())
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(gallery.shutdown)

    def _connect_start_buttons(self, buttons) -> None:
        """The empty gallery's (and Getting Started's) Generate · Train on a folder… · Import…"""
        def generate() -> None:
            self.generate_dock.show()
            self.generate_dock.raise_()
            if self.generate_panel.generate_button.isEnabled():
                self.generate_panel.start()

        buttons.generate.connect(generate)
        buttons.train.connect(self.train_on_folder)
        buttons.import_images.connect(self.import_images)

    def show_getting_started(self):
        from genart_desktop.ui.help_dialog import GettingStartedDialog

        dialog = GettingStartedDialog(self)
        self._connect_start_buttons(dialog.buttons)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_shortcuts(self):
        from genart_desktop.ui.help_dialog import ShortcutsDialog

        dialog = ShortcutsDialog(self.menuBar(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _library_open(self) -> bool:
        return getattr(self.gallery, "library", None) is not None  # None: the gallery says why

    # -- actions ---------------------------------------------------------------------------
    def import_images(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        files, _ = QFileDialog.getOpenFileNames(
            self, "Import images", "", "Images (*.png *.jpg *.jpeg *.webp *.bmp *.tif *.tiff *.gif)"
        )
        if files:
            self.handle_dropped_paths([Path(f) for f in files])

    def export_selection(self) -> None:
        if not self._library_open():
            self.show_status("Select images in the gallery to export them.")
            return
        export_selected(self.context, self.gallery, self, self.show_status)

    def show_preferences(self) -> None:
        dialog = PreferencesDialog(self.context.settings, self)
        if dialog.exec():
            dialog.apply()
            self.context.save_settings()
            self.show_status("Preferences saved.")

    def _train_on_dataset(self, dataset_id: str, summary: str = "", image_count: int = 0) -> None:
        """A dropped folder passed its scan and licence checks: offer it for training."""
        self.train_dock.raise_()
        self.train_panel.set_dataset(dataset_id, summary, image_count)

    def train_on_folder(self) -> None:
        """File ▸ Train on a Folder…: the Train panel in front, then its folder dialog."""
        self.train_dock.show()
        self.train_dock.raise_()
        self.train_panel.choose_folder()

    def _model_trained(self, card: dict, _folder: str) -> None:
        self.models_panel.refresh(rescan=True)
        self.generate_panel.refresh_models()
        self.show_status(f"Model “{card.get('name', card.get('id', ''))}” is ready: pick it in Generate.")

    def offer_resume(self) -> None:
        """At start: a run the app was quit (or crashed) during can continue where it stopped.
        Asked in a window-modal box opened without a nested event loop."""
        from genart_desktop.jobs.training_jobs import interrupted_runs

        flow = self.dataset_flow
        if self.train_panel.is_training() or flow.busy() or flow.report_dialog is not None:
            return  # started with a folder to train on (./run FOLDER): that comes first
        try:
            runs = interrupted_runs()
        except (OSError, ValueError):
            log.exception("could not read the training runs")
            return
        if not runs:
            return
        run = runs[0]
        box = QMessageBox(QMessageBox.Icon.Question, "Resume training?",
                          f"Training “{run.name}” was interrupted at {run.budget_text()}.\n"
                          "Resume it from its last checkpoint?", parent=self)
        box.setObjectName("resumeOffer")
        resume = box.addButton("Resume", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Not now", QMessageBox.ButtonRole.RejectRole)
        if len(runs) > 1:
            box.setInformativeText(f"{len(runs) - 1} other run(s) can be resumed from Train ▸ Runs.")

        def answered(_button) -> None:
            if box.clickedButton() is resume:
                self.train_dock.show()
                self.train_dock.raise_()
                self.train_panel.resume_run(run.id)
            else:
                self.training_state.setText("Training paused (resume it in Train ▸ Runs)")

        box.buttonClicked.connect(answered)
        self.resume_offer = box
        box.open()

    def show_status(self, message: str, timeout_ms: int = 8000) -> None:
        self.statusBar().showMessage(message, timeout_ms)

    def handle_dropped_paths(self, found: list[Path]) -> None:
        """Folders go to training; image files go to the gallery."""
        images = [p for p in found if p.is_file() and is_image_path(p)]
        if images:
            self.gallery.import_paths(images)
        folders = [p for p in found if p.is_dir() or p.suffix.lower() == ".zip"]
        if folders:
            self.train_dock.raise_()
            self.train_panel.accept_paths(folders)
            self.show_status(f"Training folder: {', '.join(str(f) for f in folders)}")

    # -- Qt events -------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_paths(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        found = dropped_paths(event)
        if found:
            event.acceptProposedAction()
            self.handle_dropped_paths(found)

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.first_painted.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        jobs = self.context.jobs
        if jobs.active:
            answer = QMessageBox.question(
                self,
                "Work in progress",
                f"{len(jobs.active)} task(s) are still running. Stop them and quit?\n"
                "Training saves a checkpoint first so it can be resumed.",
            )
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        self.stop_background_work()
        self._save_geometry()
        event.accept()

    def stop_background_work(self) -> None:
        """Cancel and wait for every job (training checkpoints first) and model warm-up."""
        self.context.jobs.shutdown()
        self.latent_panel.shutdown()  # a preview render or the directions still computing
        self.generate_panel.shutdown()  # waits for a model warm-up still loading

    # -- window state ----------------------------------------------------------------------
    def _save_geometry(self) -> None:
        s = self.context.settings
        s.window_geometry = bytes(self.saveGeometry().toBase64().data()).decode("ascii")
        s.window_state = bytes(self.saveState().toBase64().data()).decode("ascii")
        try:
            self.context.save_settings()
        except OSError:
            log.exception("could not save the window layout")

    def _restore_geometry(self) -> None:
        s = self.context.settings
        if s.window_geometry:
            self.restoreGeometry(QByteArray.fromBase64(s.window_geometry.encode("ascii")))
        if s.window_state:
            self.restoreState(QByteArray.fromBase64(s.window_state.encode("ascii")))
