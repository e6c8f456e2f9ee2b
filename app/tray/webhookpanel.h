#pragma once

#include <QGroupBox>
#include <QList>
#include <QPointer>

class QLabel;
class WebhookSource;

// ExternalDNS's webhook listeners (--webhook-listen), under the contexts: per listener the
// records it holds and the last call — who, what, when, and the answer — so a user sees
// ExternalDNS talking to k8s-hosts, or being refused. Hidden without listeners. It redraws
// when a call arrives and never on a timer (the time shown is the call's, not "ago").
class WebhookPanel : public QGroupBox
{
    Q_OBJECT

public:
    explicit WebhookPanel(QWidget *parent = nullptr);

    void setSources(const QList<WebhookSource *> &sources);
    QString text() const; // what it shows, one line per listener

    // "external-dns@127.0.0.1:8888: 3 records; last call 14:02:11 from 127.0.0.1, POST /records
    // (204)", or "…; no call yet".
    static QString describe(const WebhookSource &source);

private:
    void refresh();

    QList<QPointer<WebhookSource>> m_sources;
    QLabel *m_label;
};
