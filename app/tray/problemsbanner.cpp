#include "app/tray/problemsbanner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

ProblemsBanner::ProblemsBanner(QWidget *parent)
    : QFrame(parent)
    , m_rows(new QVBoxLayout(this))
{
    setAccessibleName(QStringLiteral("Problems"));
    setObjectName(QStringLiteral("problems"));
    setStyleSheet(QStringLiteral("#problems { background: #fff1f0; border: 1px solid #f5b5b5; "
                                 "border-radius: 4px; } #problems QLabel { color: #82071e; }"));
    m_rows->setContentsMargins(6, 4, 6, 4);
    m_rows->setSpacing(2);
    hide();
}

QString ProblemsBanner::text() const
{
    QStringList lines;
    for (const SyncStatus::Problem &p : m_problems)
        lines.append(p.text);
    return lines.join(u'\n');
}

void ProblemsBanner::setProblems(const QList<SyncStatus::Problem> &problems)
{
    setVisible(!problems.isEmpty());
    // The same problems about the same things: only the sentences changed (a countdown).
    const bool sameSubjects =
        problems.size() == m_problems.size() &&
        std::equal(problems.cbegin(), problems.cend(), m_problems.cbegin(),
                   [](const SyncStatus::Problem &a, const SyncStatus::Problem &b) {
                       return a.about == b.about && a.subject == b.subject;
                   });
    if (sameSubjects) {
        for (int i = 0; i < problems.size(); ++i) {
            if (auto *label = m_rows->itemAt(i)->widget()->findChild<QLabel *>())
                label->setText(problems.at(i).text);
        }
        m_problems = problems;
        return;
    }
    m_problems = problems;
    while (QLayoutItem *item = m_rows->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    for (const SyncStatus::Problem &p : problems)
        m_rows->addWidget(row(p));
}

QWidget *ProblemsBanner::row(const SyncStatus::Problem &problem)
{
    auto *row = new QWidget(this);
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *label = new QLabel(problem.text, row);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    layout->addWidget(label, 1);
    const auto button = [&](const QString &text, auto &&onClick) {
        auto *b = new QPushButton(text, row);
        b->setAutoDefault(false);
        connect(b, &QPushButton::clicked, this, onClick);
        layout->addWidget(b, 0, Qt::AlignTop);
    };
    const QString subject = problem.subject;
    using About = SyncStatus::Problem::About;
    switch (problem.about) {
    case About::Context:
        button(QStringLiteral("Retry"), [this, subject] { Q_EMIT retryContext(subject); });
        button(QStringLiteral("Untick this context"),
               [this, subject] { Q_EMIT untickContext(subject); });
        button(QStringLiteral("Open kubeconfig"),
               [this, subject] { Q_EMIT openKubeconfig(subject); });
        break;
    case About::Kubeconfig:
        button(QStringLiteral("Open kubeconfig"), [this] { Q_EMIT openKubeconfig({}); });
        break;
    case About::Publisher:
        button(QStringLiteral("Retry"), [this] { Q_EMIT retryPublishing(); });
        break;
    }
    return row;
}
