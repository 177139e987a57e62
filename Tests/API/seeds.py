"""Records for the API check to aim at: what the demo already holds, found through the lists,
and one record of each kind it does not hold, made through the API at the node being checked.
Each id then goes to every documented operation whose path names that kind."""
import datetime
import hashlib
import re
import uuid

# The path's first segment after /api/v1/ → the kind of record its {id} names.
KINDS = {
    "elders": "elder", "orders": "order", "alerts": "alert", "organisations": "organisation",
    "staff": "staff", "devices": "device", "complaints": "complaint", "evaluations": "evaluation",
    "operators": "operator", "inspections": "inspection", "cases": "case", "referrals": "referral",
    "activities": "activity", "activity-bookings": "booking", "courses": "course", "stays": "stay",
    "volunteers": "volunteer", "volunteer-activities": "volunteerActivity", "calls": "call",
    "policies": "policy", "training-sessions": "trainingSession", "public-submissions": "publicSubmission",
    "conflicts": "conflict", "inspection-templates": "inspectionTemplate", "assessment-plans": "assessmentPlan",
    "assessments": "assessment", "conditions": "condition", "prescriptions": "prescription",
    "credit": "organisation", "timebank": "overdraft",
}

# The lists that show what a node holds, by kind.
LISTS = {
    "elder": "/elders", "order": "/orders", "alert": "/alerts", "organisation": "/organisations", "staff": "/staff",
    "device": "/devices", "complaint": "/complaints", "evaluation": "/evaluations", "inspection": "/inspections",
    "case": "/cases", "referral": "/referrals", "activity": "/activities", "course": "/courses", "stay": "/stays",
    "volunteer": "/volunteers", "volunteerActivity": "/volunteer-activities", "call": "/calls", "policy": "/policies",
    "trainingSession": "/training-sessions", "publicSubmission": "/public-submissions", "conflict": "/conflicts",
    "inspectionTemplate": "/inspection-templates", "assessmentPlan": "/assessment-plans",
}

# Path parameters that name a code, not a record.
CODES = {"measure": "systolic", "group": "livingAlone", "condition": "hypertension"}


def item_id(item):
    for key in ("id",):
        if isinstance(item.get(key), str):
            return item[key]
    for value in item.values():
        if isinstance(value, dict) and isinstance(value.get("id"), str):
            return value["id"]
    return None


class Seeds:
    def __init__(self, fed, code, token):
        self.fed, self.code, self.token = fed, code, token
        self.role = fed.roles[code]
        self.ids = {}
        self.spare = {}
        self.sha256 = None
        self.tracking = None
        self.made = []

    def api(self, method, path, body=None, raw=None, content_type="application/json"):
        return self.fed.api(self.code, method, path, body, token=self.token, raw=raw, content_type=content_type)

    def make(self):
        self.harvest()
        now = datetime.datetime.now(datetime.timezone.utc)
        millis = int(now.timestamp() * 1000)
        today = now.date().isoformat()
        suffix = uuid.uuid4().hex[:6]
        # A throwaway clerk for the operator routes, so none of them touches the run's own account.
        self.create("operator", "/operators", {"name": f"api-check-{suffix}", "displayName": "接口检查", "role": "clerk",
                                               "division": self.code, "password": f"Check-{suffix}-pass-2026"})
        blob = f"api check {suffix}".encode()
        status, answer = self.api("POST", "/blobs", raw=blob, content_type="application/octet-stream")
        if status in (200, 201):
            self.sha256 = hashlib.sha256(blob).hexdigest()
        elder = self.ids.get("elder")
        if self.role == "county":
            self.create("inspectionTemplate", "/inspection-templates", {
                "title": f"接口检查表{suffix}", "target": "organisation", "items": [{"code": "A1", "text": "服务人员持证上岗"}]})
            if self.ids.get("inspectionTemplate") and self.ids.get("organisation"):
                self.create("inspection", "/inspections", {
                    "target": "organisation", "organisationId": self.ids["organisation"], "templateId": self.ids["inspectionTemplate"],
                    "plannedOn": today, "inspector": "admin", "home": self.fed.code("community")})
            self.create("policy", "/policies", {"kind": "guide", "title": f"接口检查指南{suffix}", "body": "正文", "effectiveFrom": today})
            community = self.fed.code("community")
            status, answer = self.fed.api(self.code, "POST", "/public/requests", {
                "kind": "suggestion", "community": community, "name": "王女士", "contactPhone": "13912345678", "description": "接口检查：建议"},
                token="-")
            if status in (200, 201):
                self.tracking = answer.get("tracking")
            self.harvest_kind("publicSubmission")
        if self.role in ("county", "street"):
            self.create("course", "/courses", {"title": f"接口检查课程{suffix}", "summary": "课程", "studyMinutes": 30})
            if self.ids.get("course"):
                self.create("trainingSession", "/training-sessions", {
                    "courseId": self.ids["course"], "startsAtMillis": millis + 86_400_000, "place": "街道培训室", "capacity": 10, "trainer": "李老师"})
        if self.role == "street":
            self.create("case", "/cases", {"kind": "consultation", "channel": "window", "summary": "接口检查：咨询", "elderId": elder})
            self.create("referral", "/referrals", {"elderId": elder, "reason": "接口检查：转介", "toThirdParty": "第三方机构", "toPhone": "02788886666"})
        if self.role == "community":
            self.create("activity", "/activities", {
                "title": f"接口检查活动{suffix}", "category": "lecture", "place": "活动室", "startsAtMillis": millis + 3_600_000,
                "endsAtMillis": millis + 7_200_000, "capacity": 5, "organiser": "社工小王"})
            if self.ids.get("activity") and elder:
                status, answer = self.api("POST", f"/activities/{self.ids['activity']}/bookings", {"elderId": elder, "channel": "staff"})
                booking = (answer or {}).get("booking") if isinstance(answer, dict) else None
                if status in (200, 201) and isinstance(booking, dict):
                    self.ids["booking"] = booking.get("id")
            self.create("volunteer", "/volunteers", {"name": "接口检查志愿者", "phone": "13987654321", "community": self.code, "skills": ["meals"]})
            self.create("volunteerActivity", "/volunteer-activities", {"title": "接口检查助餐", "date": today, "place": "长者食堂", "minutes": 60, "capacity": 5})
            if elder:
                self.create("condition", f"/elders/{elder}/conditions", {"disease": "hypertension", "diagnosedOn": "2020-01-01", "status": "active"})
                self.create("prescription", f"/elders/{elder}/prescriptions", {"kind": "diet", "doctor": "张医生", "advice": "低盐饮食", "issuedOn": today})
                self.create("assessmentPlan", f"/elders/{elder}/assessment-plans", {"reason": "routine", "dueOn": today})
        status, answer = self.api("POST", "/calls/incoming", {"number": "+86-139-0000-7788"})
        if status in (200, 201) and isinstance(answer, dict) and isinstance(answer.get("call"), dict):
            self.ids["call"] = answer["call"]["id"]
        print(f"check_api: {self.role} {self.code}: records to aim at: " + ", ".join(sorted(k for k, v in self.ids.items() if v))
              + (f"; made here: {', '.join(self.made)}" if self.made else ""), flush=True)

    def harvest(self):
        for kind in LISTS:
            self.harvest_kind(kind)

    def harvest_kind(self, kind):
        if self.ids.get(kind):
            return
        status, answer = self.api("GET", LISTS[kind])
        if status == 200 and isinstance(answer, dict):
            items = answer.get("items") or []
            ids = [item_id(i) for i in items if isinstance(i, dict)]
            ids = [i for i in ids if i]
            if ids:
                self.ids[kind] = ids[0]
                # Deleting is aimed at another record, so the one the other routes use stays.
                if len(ids) > 1:
                    self.spare[kind] = ids[-1]

    def create(self, kind, path, body):
        """Makes one record when none is held; a refusal is printed, since it leaves its routes
        answering 404 to every case."""
        if self.ids.get(kind):
            return
        status, answer = self.api("POST", path, {k: v for k, v in body.items() if v is not None})
        if status in (200, 201) and isinstance(answer, dict):
            self.ids[kind] = item_id(answer)
            self.made.append(kind)
        else:
            print(f"check_api: {self.role} {self.code}: could not make a {kind} ({status}): {str(answer)[:300]}", flush=True)

    def parameters(self, document):
        """(operation, {parameter: value}) for each documented operation with path parameters
        that a held record can fill."""
        out = []
        for path, operations in document.get("paths", {}).items():
            names = re.findall(r"\{(\w+)\}", path)
            if not names:
                continue
            segments = path.split("/")
            kind = KINDS.get(segments[3]) if len(segments) > 3 and segments[1:3] == ["api", "v1"] else None
            for method in operations:
                if method not in ("get", "post", "put", "patch", "delete"):
                    continue
                deletes = method == "delete" and len(names) == 1
                values = {}
                for name in names:
                    held = (self.spare if deletes else self.ids).get(kind) if kind else None
                    if name == "id" and held:
                        values[name] = held
                    elif name == "sha256" and self.sha256:
                        values[name] = self.sha256
                    elif name == "tracking" and self.tracking:
                        values[name] = self.tracking
                    elif name in CODES:
                        values[name] = CODES[name]
                if values:
                    out.append((f"{method.upper()} {path}", values))
        return out
