#include "app/tray/statusicons.h"

#include <QGuiApplication>
#include <QHash>
#include <QPainter>
#include <QPainterPath>
#include <QPalette>

#include <cmath>

namespace {

const QList<int> traySizes = {16, 22, 24, 32, 44, 48, 64, 128};

void drawBadgeSymbol(QPainter &p, StatusIcons::Badge badge, const QRectF &r, const QColor &ink)
{
    const qreal s = r.width();
    QPen pen(ink, std::max(1.2, s * 0.16), Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    p.setPen(pen);
    p.setBrush(Qt::NoBrush);
    const QPointF c = r.center();
    switch (badge) {
    case StatusIcons::Badge::Synced: {
        QPainterPath check;
        check.moveTo(c.x() - s * 0.24, c.y() + s * 0.01);
        check.lineTo(c.x() - s * 0.06, c.y() + s * 0.19);
        check.lineTo(c.x() + s * 0.25, c.y() - s * 0.17);
        p.drawPath(check);
        break;
    }
    case StatusIcons::Badge::Syncing: {
        const QRectF arc(c.x() - s * 0.24, c.y() - s * 0.24, s * 0.48, s * 0.48);
        p.drawArc(arc, 30 * 16, 120 * 16);
        p.drawArc(arc, 210 * 16, 120 * 16);
        break;
    }
    case StatusIcons::Badge::Error:
    case StatusIcons::Badge::Attention:
        p.drawLine(QPointF(c.x(), c.y() - s * 0.24), QPointF(c.x(), c.y() + s * 0.04));
        p.drawPoint(QPointF(c.x(), c.y() + s * 0.23));
        break;
    case StatusIcons::Badge::Paused:
        p.drawLine(QPointF(c.x() - s * 0.1, c.y() - s * 0.2),
                   QPointF(c.x() - s * 0.1, c.y() + s * 0.2));
        p.drawLine(QPointF(c.x() + s * 0.1, c.y() - s * 0.2),
                   QPointF(c.x() + s * 0.1, c.y() + s * 0.2));
        break;
    case StatusIcons::Badge::None:
        break;
    }
}

// The glyph: Kubernetes' heptagon holding two names, each a dot (the address) and a line
// (the host) — "the cluster's names", legible at 16 px.
void drawGlyph(QPainter &p, qreal s, const QColor &ink)
{
    const QPointF c(s * 0.47, s * 0.49);
    const qreal r = s * 0.45;
    QPolygonF heptagon;
    for (int i = 0; i < 7; ++i) {
        const qreal a = -M_PI / 2 + i * 2 * M_PI / 7;
        heptagon << QPointF(c.x() + r * std::cos(a), c.y() + r * std::sin(a));
    }
    p.setPen(QPen(ink, std::max(1.0, s * 0.08), Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p.setBrush(Qt::NoBrush);
    p.drawPolygon(heptagon);
    const qreal lineW = std::max(1.2, s * 0.1);
    for (const qreal dy : {-0.2, 0.2}) {
        const qreal y = c.y() + r * dy;
        p.setPen(Qt::NoPen);
        p.setBrush(ink);
        p.drawEllipse(QPointF(c.x() - r * 0.38, y), lineW * 0.62, lineW * 0.62);
        p.setPen(QPen(ink, lineW, Qt::SolidLine, Qt::RoundCap));
        p.drawLine(QPointF(c.x() - r * 0.12, y), QPointF(c.x() + r * 0.42, y));
    }
}

} // namespace

QColor StatusIcons::badgeColor(Badge badge)
{
    switch (badge) {
    case Badge::Synced:
        return QColor(0x2e, 0xa0, 0x43);
    case Badge::Syncing:
        return QColor(0x1f, 0x6f, 0xeb);
    case Badge::Error:
        return QColor(0xd1, 0x24, 0x2f);
    case Badge::Paused:
        return QColor(0x9a, 0x67, 0x00);
    case Badge::Attention:
        return QColor(0xe3, 0x6a, 0x09);
    case Badge::None:
        break;
    }
    return QColor(0x6e, 0x77, 0x81);
}

StatusIcons::Badge StatusIcons::badgeFor(SyncStatus::State state)
{
    switch (state) {
    case SyncStatus::State::Synced:
        return Badge::Synced;
    case SyncStatus::State::Syncing:
        return Badge::Syncing;
    case SyncStatus::State::Error:
        return Badge::Error;
    case SyncStatus::State::Paused:
        return Badge::Paused;
    case SyncStatus::State::Attention:
        return Badge::Attention;
    case SyncStatus::State::Idle:
        break;
    }
    return Badge::None;
}

QPixmap StatusIcons::trayPixmap(Badge badge, Variant variant, int size)
{
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    const qreal s = size;
    QColor ink(0x1f, 0x23, 0x28);
    if (variant == Variant::ForDarkPanel)
        ink = QColor(0xf2, 0xf2, 0xf2);
    else if (variant == Variant::Template)
        ink = Qt::black;

    drawGlyph(p, s, ink);
    if (badge == Badge::None)
        return pixmap;

    // The badge, bottom right, cut out of the glyph so it reads on any panel.
    const QRectF badgeRect(s * 0.44, s * 0.44, s * 0.56, s * 0.56);
    p.setCompositionMode(QPainter::CompositionMode_Clear);
    p.setPen(Qt::NoPen);
    p.setBrush(Qt::black);
    p.drawEllipse(badgeRect.adjusted(-s * 0.06, -s * 0.06, s * 0.06, s * 0.06));
    p.setCompositionMode(QPainter::CompositionMode_SourceOver);
    if (variant == Variant::Template) {
        // A template image is alpha only: the badge is a filled disc with its symbol cut out.
        p.setBrush(Qt::black);
        p.drawEllipse(badgeRect);
        p.setCompositionMode(QPainter::CompositionMode_Clear);
        drawBadgeSymbol(p, badge, badgeRect, Qt::black);
        return pixmap;
    }
    p.setBrush(badgeColor(badge));
    p.drawEllipse(badgeRect);
    drawBadgeSymbol(p, badge, badgeRect, Qt::white);
    return pixmap;
}

QIcon StatusIcons::tray(Badge badge, Variant variant)
{
    QIcon icon;
    for (int size : traySizes)
        icon.addPixmap(trayPixmap(badge, variant, size));
    icon.setIsMask(variant == Variant::Template);
    return icon;
}

StatusIcons::Variant StatusIcons::variantForPalette()
{
#ifdef Q_OS_MACOS
    return Variant::Template;
#else
    const QColor window = QGuiApplication::palette().color(QPalette::Window);
    return window.lightness() < 128 ? Variant::ForDarkPanel : Variant::ForLightPanel;
#endif
}

QIcon StatusIcons::dot(const QColor &color)
{
    // Views ask for these on every paint: draw each colour once (GUI thread only).
    static QHash<QRgb, QIcon> cache;
    if (const auto it = cache.constFind(color.rgba()); it != cache.cend())
        return *it;
    QIcon icon;
    for (int size : {12, 16, 24, 32}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(QPen(color.darker(130), std::max(1.0, size / 12.0)));
        p.setBrush(color);
        const qreal m = size * 0.2;
        p.drawEllipse(QRectF(m, m, size - 2 * m, size - 2 * m));
        icon.addPixmap(pixmap);
    }
    cache.insert(color.rgba(), icon);
    return icon;
}

QIcon StatusIcons::dot(ContextStatus::Kind kind)
{
    switch (kind) {
    case ContextStatus::Kind::Synced:
        return dot(badgeColor(Badge::Synced));
    case ContextStatus::Kind::Connecting:
    case ContextStatus::Kind::Syncing:
        return dot(badgeColor(Badge::Syncing));
    case ContextStatus::Kind::Error:
        return dot(badgeColor(Badge::Error));
    case ContextStatus::Kind::Missing:
        return dot(badgeColor(Badge::Paused));
    case ContextStatus::Kind::Off:
        break;
    }
    return dot(badgeColor(Badge::None));
}
