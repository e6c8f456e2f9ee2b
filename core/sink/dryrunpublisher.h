#pragma once

#include "core/sink/publisher.h"

// --dry-run: stands in for another publisher, accepts every request at once and changes
// nothing, so the target keeps holding what it held.
class DryRunPublisher : public Publisher
{
    Q_OBJECT

public:
    // Reads what the stand-in's target holds; takes ownership of it but never calls its
    // publish() or withdraw().
    explicit DryRunPublisher(Publisher *standIn, QObject *parent = nullptr);

    QString name() const override { return m_standIn->name(); }
    QString target() const override { return m_standIn->target(); }
    bool writes() const override { return false; }
    bool takesWildcards() const override { return m_standIn->takesWildcards(); }
    std::optional<HostEntries> readHeld(QString *error) const override
    {
        return m_standIn->readHeld(error);
    }
    void publish(const HostEntries &entries) override;
    void withdraw() override;
    void setPolicy(const NamePolicy &policy) override { m_standIn->setPolicy(policy); }

private:
    void answer(PublishResult::Operation operation);

    Publisher *m_standIn;
};
