"""The main window's behaviour, one mixin of MainWindow per concept (app/ui/main_window.py
puts them together). Each uses the window's widgets (`col`, `reader`, `sidebar`, `home`,
`pages`, `review`) and the state MainWindow.__init__ sets up; none reaches into
another window's widgets."""
