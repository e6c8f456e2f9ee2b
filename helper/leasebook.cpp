#include "helper/leasebook.h"

#include <algorithm>

QString LeaseBook::hold(const QString &marker, const QString &owner, uint uid)
{
    const QString previous = m_leases.value(marker).owner;
    m_leases.insert(marker, {marker, owner, uid});
    return previous == owner ? QString() : unusedOwner(previous);
}

QString LeaseBook::release(const QString &marker)
{
    return unusedOwner(m_leases.take(marker).owner);
}

QList<LeaseBook::Lease> LeaseBook::takeOwner(const QString &owner)
{
    QList<Lease> ended;
    for (auto it = m_leases.begin(); it != m_leases.end();) {
        if (it->owner == owner) {
            ended.append(*it);
            it = m_leases.erase(it);
        } else {
            ++it;
        }
    }
    std::sort(ended.begin(), ended.end(),
              [](const Lease &a, const Lease &b) { return a.marker < b.marker; });
    return ended;
}

bool LeaseBook::holds(const QString &owner) const
{
    return std::any_of(m_leases.cbegin(), m_leases.cend(),
                       [&owner](const Lease &lease) { return lease.owner == owner; });
}

QString LeaseBook::unusedOwner(const QString &owner) const
{
    return owner.isEmpty() || holds(owner) ? QString() : owner;
}
