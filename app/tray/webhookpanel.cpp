#include "app/tray/webhookpanel.h"

#include "core/webhook/webhooksource.h"

#include <QLabel>
#include <QVBoxLayout>

WebhookPanel::WebhookPanel(QWidget *parent)
    : QGroupBox(QStringLiteral("ExternalDNS"), parent)
    , m_label(new QLabel(this))
{
    m_label->setWordWrap(true);
    m_label->setTextFormat(Qt::PlainText); // callers' addresses and paths are not markup
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_label);
    hide();
}

void WebhookPanel::setSources(const QList<WebhookSource *> &sources)
{
    for (const QPointer<WebhookSource> &source : std::as_const(m_sources)) {
        if (source)
            source->disconnect(this);
    }
    m_sources.clear();
    for (WebhookSource *source : sources) {
        m_sources.append(source);
        connect(source, &WebhookSource::called, this, &WebhookPanel::refresh);
        connect(source, &MappingSource::mappingsChanged, this, &WebhookPanel::refresh);
    }
    setVisible(!m_sources.isEmpty());
    refresh();
}

QString WebhookPanel::text() const
{
    return m_label->text();
}

QString WebhookPanel::describe(const WebhookSource &source)
{
    const int records = source.recordCount();
    QString line = QStringLiteral("%1: %2 %3")
                       .arg(source.name())
                       .arg(records)
                       .arg(records == 1 ? QStringLiteral("record") : QStringLiteral("records"));
    const std::optional<WebhookSource::Call> call = source.lastCall();
    if (!call)
        return line + QStringLiteral("; no call yet");
    return line + QStringLiteral("; last call %1 from %2, %3 (%4)")
                      .arg(call->at.toString(QStringLiteral("HH:mm:ss")), call->caller, call->what)
                      .arg(call->status);
}

void WebhookPanel::refresh()
{
    QStringList lines;
    for (const QPointer<WebhookSource> &source : std::as_const(m_sources)) {
        if (source)
            lines.append(describe(*source));
    }
    m_label->setText(lines.join(u'\n'));
}
