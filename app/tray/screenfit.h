#pragma once

class QWidget;

// Keeps a top-level window and its frame on its screen's available area: shrunk to fit (not
// below what it needs, where that fits) and moved inside where it sticks out. Before the
// window manager has framed it, a title bar and borders are allowed for.
void fitWithinScreen(QWidget *window);
