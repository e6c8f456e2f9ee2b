#include "core/mapping/hostmapping.h"

QString describeMappingState(MappingState state)
{
    switch (state) {
    case MappingState::Active:
        return QStringLiteral("active");
    case MappingState::WaitingForAddress:
        return QStringLiteral("waiting for IP");
    case MappingState::Resolving:
        return QStringLiteral("resolving");
    case MappingState::Unresolvable:
        return QStringLiteral("unresolvable");
    case MappingState::NotAccepted:
        return QStringLiteral("not accepted");
    case MappingState::Conflict:
        return QStringLiteral("conflict");
    case MappingState::OverLimit:
        return QStringLiteral("over the limit");
    case MappingState::Wildcard:
        return QStringLiteral("wildcard not supported");
    case MappingState::Blocked:
        return QStringLiteral("blocked");
    case MappingState::Shadowed:
        return QStringLiteral("shadowed");
    case MappingState::Invalid:
        return QStringLiteral("invalid");
    }
    return {};
}

QString SourceRef::toString() const
{
    return context + u'/' + ns + u'/' + kind + u'/' + name;
}
