#include "app/tray/screenfit.h"

#include <QScreen>
#include <QWidget>

#include <algorithm>

void fitWithinScreen(QWidget *window)
{
    const QScreen *on = window->screen();
    if (!on)
        return;
    const QRect available = on->availableGeometry();
    const QRect frameGeometry = window->frameGeometry();
    const QRect geometry = window->geometry();
    const QMargins frame =
        frameGeometry != geometry
            ? QMargins(geometry.left() - frameGeometry.left(), geometry.top() - frameGeometry.top(),
                       frameGeometry.right() - geometry.right(),
                       frameGeometry.bottom() - geometry.bottom())
            : QMargins(8, 40, 8, 8);
    const QSize room = available.size().shrunkBy(frame);
    window->resize(
        window->size().boundedTo(room).expandedTo(window->minimumSizeHint().boundedTo(room)));
    QRect framed = QRect(window->pos(), window->size()).marginsAdded(frame);
    if (available.contains(framed))
        return;
    framed.moveLeft(std::clamp(framed.left(), available.left(),
                               std::max(available.left(), available.right() - framed.width())));
    framed.moveTop(std::clamp(framed.top(), available.top(),
                              std::max(available.top(), available.bottom() - framed.height())));
    window->move(framed.topLeft() + QPoint(frame.left(), frame.top()));
}
