import { useEffect, useState } from "react";

/** The page's routes: "/" (workshops) and "/workshops/{id}" (a room), "/workshops/{id}/report" (the host's report). The server answers exactly these with index.html (dev.lectern.web.RoomPageConfig): keep the two in step. */
export type Route = { page: "home" } | { page: "room"; workshopId: number } | { page: "report"; workshopId: number };

export function parseRoute(path: string): Route {
  const report = /^\/workshops\/(\d+)\/report\/?$/.exec(path);
  if (report) return { page: "report", workshopId: Number(report[1]) };
  const m = /^\/workshops\/(\d+)\/?$/.exec(path);
  return m ? { page: "room", workshopId: Number(m[1]) } : { page: "home" };
}

export function navigate(path: string): void {
  history.pushState(null, "", path);
  dispatchEvent(new PopStateEvent("popstate"));
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.pathname));
  useEffect(() => {
    const onPop = () => setRoute(parseRoute(location.pathname));
    addEventListener("popstate", onPop);
    return () => removeEventListener("popstate", onPop);
  }, []);
  return route;
}
