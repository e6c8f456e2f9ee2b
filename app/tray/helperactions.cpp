#include "app/tray/helperactions.h"

#include <QAction>

namespace {

constexpr HelperControl::Action allActions[] = {
    HelperControl::Action::Install, HelperControl::Action::OpenLoginItems,
    HelperControl::Action::Update, HelperControl::Action::Remove,
    HelperControl::Action::CheckAgain};

} // namespace

HelperActions::HelperActions(HelperControl *control, QObject *parent)
    : QObject(parent)
    , m_control(control)
    , m_status(new QAction(this))
{
    m_status->setEnabled(false);
    for (const HelperControl::Action a : allActions) {
        auto *action = new QAction(HelperControl::label(a), this);
        connect(action, &QAction::triggered, this, [this, a] { m_control->trigger(a); });
        m_actions.insert(a, action);
    }
    connect(m_control, &HelperControl::changed, this, &HelperActions::update);
    update();
}

QList<QAction *> HelperActions::actions() const
{
    QList<QAction *> out;
    for (const HelperControl::Action a : allActions)
        out.append(m_actions.value(a));
    return out;
}

QAction *HelperActions::primary() const
{
    const QList<HelperControl::Action> offered = m_control->actions();
    return offered.isEmpty() ? nullptr : m_actions.value(offered.first());
}

void HelperActions::update()
{
    m_status->setText(m_control->statusText());
    m_status->setToolTip(m_control->detail());
    const QList<HelperControl::Action> offered = m_control->actions();
    for (auto it = m_actions.cbegin(); it != m_actions.cend(); ++it) {
        it.value()->setVisible(offered.contains(it.key()));
        it.value()->setToolTip(m_control->detail());
    }
}
