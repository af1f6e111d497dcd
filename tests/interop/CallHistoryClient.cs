// Calls NewCallEvent through Mono's own WCF REST client (WebChannelFactory, XML), so tests
// can check that what a real WCF client sends is accepted by our server stub, and capture
// the exact request it produces.
//
//   mono CallHistoryClient.exe <baseUri>      e.g. http://127.0.0.1:8080/PBX
//
// Prints the returned bool ("True") on stdout.
using System;
using System.ServiceModel;
using System.ServiceModel.Web;

namespace K2.Interop
{
    public static class CallHistoryClient
    {
        // Fixed event, kept in sync with MONO_CLIENT_EVENT in conftest.py: Czech diacritics
        // in several fields, one null (Login), one empty string (Reason).
        public static CallEvent FixedEvent()
        {
            return new CallEvent
            {
                Direction = "Příchozí",
                Email = "čeněk.šťastný@example.cz",
                EventName = "Příchozí hovor – Čeněk Šťastný",
                From = "+420 777 123 456",
                Line = "Linka 1",
                Login = null,
                Reason = "",
                To = "Žluťoučký kůň úpěl ďábelské ódy",
                UniqueId = 1.26743233E+15,
            };
        }

        public static int Main(string[] args)
        {
            if (args.Length != 1)
            {
                Console.Error.WriteLine("usage: mono CallHistoryClient.exe <baseUri>");
                return 2;
            }
            using (var factory = new WebChannelFactory<ICallHistory>(new WebHttpBinding(), new Uri(args[0])))
            {
                ICallHistory channel = factory.CreateChannel();
                bool result = channel.NewCallEvent(FixedEvent());
                Console.Out.WriteLine(result);
                ((IClientChannel)channel).Close();
            }
            return 0;
        }
    }
}
