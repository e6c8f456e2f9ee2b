#pragma once

#include <QString>

#include <ldns/ldns.h>
#include <memory>

// Owned ldns objects, freed the way ldns wants, and names as ldns reads them: shared by
// the DNS client (core/dns) and the local responder (core/resolver). It includes ldns, so
// only .cpp files include it.
namespace Ldns {

template <class T, void (*Free)(T *)>
struct Deleter
{
    void operator()(T *p) const { Free(p); }
};
using Rdf = std::unique_ptr<ldns_rdf, Deleter<ldns_rdf, ldns_rdf_deep_free>>;
using Packet = std::unique_ptr<ldns_pkt, Deleter<ldns_pkt, ldns_pkt_free>>;
using RrList = std::unique_ptr<ldns_rr_list, Deleter<ldns_rr_list, ldns_rr_list_deep_free>>;
using Rr = std::unique_ptr<ldns_rr, Deleter<ldns_rr, ldns_rr_free>>;

inline QString absolute(const QString &name)
{
    return name.endsWith(u'.') ? name : name + u'.';
}

inline Rdf dname(const QString &name)
{
    return Rdf(ldns_dname_new_frm_str(absolute(name).toLatin1().constData()));
}

} // namespace Ldns
