// Shared WCF contract for the interop harness. Mirrors K2's published schema for
// POST PBX/CallHistory/NewCallEvent exactly (namespace, member names, member order, types),
// because the point of the harness is to talk to the same serializer rules K2 uses.
using System.Runtime.Serialization;
using System.ServiceModel;
using System.ServiceModel.Web;

namespace K2.Interop
{
    // Schema: every member minOccurs=0, strings nillable. No Order= is given, so
    // DataContractSerializer orders members alphabetically, as in K2's XSD.
    [DataContract(Namespace = "K2.Data")]
    public class CallEvent
    {
        [DataMember] public string Direction;
        [DataMember] public string Email;
        [DataMember] public string EventName;
        [DataMember] public string From;
        [DataMember] public string Line;
        [DataMember] public string Login;
        [DataMember] public string Reason;
        [DataMember] public string To;
        [DataMember] public double UniqueId;
    }

    [ServiceContract]
    public interface ICallHistory
    {
        // Default BodyStyle is Bare: the request body is the CallEvent itself and the
        // response body is the bare boolean.
        [OperationContract]
        [WebInvoke(Method = "POST", UriTemplate = "CallHistory/NewCallEvent")]
        bool NewCallEvent(CallEvent callEvent);
    }
}
