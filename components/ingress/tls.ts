/** Where the ingress terminates TLS, and with what. */
export type IngressTls =
    /** At the Network Load Balancer, with an ACM certificate of the cluster's region; the gateway receives plain HTTP. */
    | { terminateAt: "nlb"; certificateArn: string }
    /** At the Istio gateway, with a kubernetes.io/tls Secret in the gateway's namespace (e.g. from cert-manager). */
    | { terminateAt: "gateway"; secretName: string }
    /** Nowhere: plain HTTP on port 80 (dev only; the stack config refuses it in prod). */
    | { terminateAt: "none" };

/** How the gateway is reached: from the internet, or only from inside the VPC and its peers. */
export type IngressScheme = "internet-facing" | "internal";
