"""Structurizr's "Big Bank plc" example, re-authored with archkit's Python API.

Source: tests/fixtures/structurizr/big-bank-plc.dsl (Apache License 2.0, see the
NOTICE.md beside it). Element names, descriptions, technologies, tags and
relationships are kept as Structurizr wrote them, so tests/views/test_bigbank.py
can compare archkit's computed views with the views in big-bank-plc.json.
"""

from archkit import Component, Container, SoftwareSystem, Workspace


def build() -> Workspace:
    ws = Workspace(
        name="Big Bank plc",
        description="This is an example workspace to illustrate the key features of Structurizr, via the DSL, "
        "based around a fictional online banking system.",
    )
    m = ws.model
    bank = m.group("Big Bank plc")
    customer = m.person("Personal Banking Customer", "A customer of the bank, with personal bank accounts.",
                        id="customer", tags=["Customer"])
    support = m.person("Customer Service Staff", "Customer service staff within the bank.",
                       id="support-staff", tags=["Bank Staff"], group=bank.id)
    backoffice = m.person("Back Office Staff", "Administration and support staff within the bank.",
                          id="backoffice", tags=["Bank Staff"], group=bank.id)
    mainframe = m.software_system(
        "Mainframe Banking System",
        "Stores all of the core banking information about customers, accounts, transactions, etc.",
        id="mainframe", tags=["Existing System"], group=bank.id)
    email = m.software_system("E-mail System", "The internal Microsoft Exchange e-mail system.",
                              id="email", tags=["Existing System"], group=bank.id)
    atm = m.software_system("ATM", "Allows customers to withdraw cash.", id="atm", tags=["Existing System"],
                            group=bank.id)
    ibs = m.software_system(
        "Internet Banking System",
        "Allows customers to view information about their bank accounts, and make payments.",
        id="ibs", group=bank.id)
    spa = ibs.container(
        "Single-Page Application",
        "Provides all of the Internet banking functionality to customers via their web browser.",
        "JavaScript and Angular", id="ibs.spa", tags=["Web Browser"])
    mobile = ibs.container(
        "Mobile App",
        "Provides a limited subset of the Internet banking functionality to customers via their mobile device.",
        "Xamarin", id="ibs.mobile", tags=["Mobile App"])
    web = ibs.container("Web Application",
                        "Delivers the static content and the Internet banking single page application.",
                        "Java and Spring MVC", id="ibs.web")
    api = ibs.container("API Application", "Provides Internet banking functionality via a JSON/HTTPS API.",
                        "Java and Spring MVC", id="ibs.api")
    signin = api.component("Sign In Controller", "Allows users to sign in to the Internet Banking System.",
                           "Spring MVC Rest Controller", id="ibs.api.signin")
    accounts = api.component("Accounts Summary Controller",
                             "Provides customers with a summary of their bank accounts.",
                             "Spring MVC Rest Controller", id="ibs.api.accounts")
    reset = api.component("Reset Password Controller",
                          "Allows users to reset their passwords with a single use URL.",
                          "Spring MVC Rest Controller", id="ibs.api.reset")
    security = api.component("Security Component",
                             "Provides functionality related to signing in, changing passwords, etc.",
                             "Spring Bean", id="ibs.api.security")
    facade = api.component("Mainframe Banking System Facade", "A facade onto the mainframe banking system.",
                           "Spring Bean", id="ibs.api.facade")
    mailer = api.component("E-mail Component", "Sends e-mails to users.", "Spring Bean", id="ibs.api.email")
    db = ibs.container(
        "Database",
        "Stores user registration information, hashed authentication credentials, access logs, etc.",
        "Oracle Database Schema", id="ibs.db", tags=["Database"])

    # people and software systems
    customer.uses(ibs, "Views account balances, and makes payments using")
    ibs.uses(mainframe, "Gets account information from, and makes payments using")
    ibs.uses(email, "Sends e-mail using")
    email.uses(customer, "Sends e-mails to")
    customer.uses(support, "Asks questions to", "Telephone")
    support.uses(mainframe, "Uses")
    customer.uses(atm, "Withdraws cash using")
    atm.uses(mainframe, "Uses")
    backoffice.uses(mainframe, "Uses")
    # containers
    customer.uses(web, "Visits bigbank.com/ib using", "HTTPS")
    customer.uses(spa, "Views account balances, and makes payments using")
    customer.uses(mobile, "Views account balances, and makes payments using")
    web.uses(spa, "Delivers to the customer's web browser")
    # components
    for client in (spa, mobile):
        for controller in (signin, accounts, reset):
            client.uses(controller, "Makes API calls to", "JSON/HTTPS")
    signin.uses(security, "Uses")
    accounts.uses(facade, "Uses")
    reset.uses(security, "Uses")
    reset.uses(mailer, "Uses")
    security.uses(db, "Reads from and writes to", "JDBC")
    facade.uses(mainframe, "Makes API calls to", "XML/HTTPS")
    mailer.uses(email, "Sends e-mail using")

    _development(ws, spa, web, api, db, mainframe)
    _live(ws, spa, mobile, web, api, db, mainframe)
    _views(ws, ibs, api, spa, signin, security, db)
    _styles(ws)
    return ws


def _development(ws: Workspace, spa: Container, web: Container, api: Container, db: Container,
                 mainframe: SoftwareSystem) -> None:
    m = ws.model
    laptop = m.deployment_node("Developer Laptop", technology="Microsoft Windows 10 or Apple macOS",
                               environment="Development", id="dev.laptop")
    laptop.deployment_node("Web Browser", technology="Chrome, Firefox, Safari, or Edge").container_instance(spa)
    tomcat = laptop.deployment_node("Docker Container - Web Server", technology="Docker").deployment_node(
        "Apache Tomcat", technology="Apache Tomcat 8.x")
    tomcat.container_instance(web)
    tomcat.container_instance(api)
    laptop.deployment_node("Docker Container - Database Server", technology="Docker").deployment_node(
        "Database Server", technology="Oracle 12c").container_instance(db)
    dc = m.deployment_node("Big Bank plc", technology="Big Bank plc data center", environment="Development",
                           id="dev.bigbank")
    dc.deployment_node("bigbank-dev001").software_system_instance(mainframe)


def _live(ws: Workspace, spa: Container, mobile: Container, web: Container, api: Container, db: Container,
          mainframe: SoftwareSystem) -> None:
    m = ws.model
    m.deployment_node("Customer's mobile device", technology="Apple iOS or Android", environment="Live",
                      id="live.mobile").container_instance(mobile)
    m.deployment_node("Customer's computer", technology="Microsoft Windows or Apple macOS", environment="Live",
                      id="live.computer").deployment_node(
        "Web Browser", technology="Chrome, Firefox, Safari, or Edge").container_instance(spa)
    dc = m.deployment_node("Big Bank plc", technology="Big Bank plc data center", environment="Live",
                           id="live.bigbank")
    dc.deployment_node("bigbank-web***", technology="Ubuntu 16.04 LTS", instances=4, id="live.bigbank.web").\
        deployment_node("Apache Tomcat", technology="Apache Tomcat 8.x").container_instance(web)
    dc.deployment_node("bigbank-api***", technology="Ubuntu 16.04 LTS", instances=8, id="live.bigbank.api").\
        deployment_node("Apache Tomcat", technology="Apache Tomcat 8.x").container_instance(api)
    primary = dc.deployment_node("bigbank-db01", technology="Ubuntu 16.04 LTS").deployment_node(
        "Oracle - Primary", technology="Oracle 12c")
    primary.container_instance(db)
    secondary = dc.deployment_node("bigbank-db02", technology="Ubuntu 16.04 LTS", tags=["Failover"]).\
        deployment_node("Oracle - Secondary", technology="Oracle 12c", tags=["Failover"])
    secondary.container_instance(db, tags=["Failover"])
    dc.deployment_node("bigbank-prod001").software_system_instance(mainframe)
    primary.uses(secondary, "Replicates data to")


def _views(ws: Workspace, ibs: SoftwareSystem, api: Container, spa: Container, signin: Component,
           security: Component, db: Container) -> None:
    v = ws.views
    v.system_landscape(key="SystemLandscape")
    v.system_context(ibs, key="SystemContext")
    v.container(ibs, key="Containers")
    v.component(api, key="Components")
    flow = v.dynamic(api, key="SignIn",
                     description="Summarises how the sign in feature works in the single-page application.")
    flow.step(spa, signin, "Submits credentials to")
    flow.step(signin, security, "Validates credentials using")
    flow.step(security, db, "select * from users where username = ?")
    flow.step(db, security, "Returns user data to")
    flow.step(security, signin, "Returns true if the hashed password matches")
    flow.step(signin, spa, "Sends back an authentication token to")
    v.deployment("Development", ibs, key="DevelopmentDeployment")
    v.deployment("Live", ibs, key="LiveDeployment")


def _styles(ws: Workspace) -> None:
    s = ws.styles
    s.element("Person", color="#ffffff", font_size=22, shape="person")
    s.element("Customer", background="#08427b")
    s.element("Bank Staff", background="#999999")
    s.element("Software System", background="#1168bd", color="#ffffff")
    s.element("Existing System", background="#999999", color="#ffffff")
    s.element("Container", background="#438dd5", color="#ffffff")
    s.element("Web Browser", shape="web_browser")
    s.element("Mobile App", shape="mobile_device")
    s.element("Database", shape="cylinder")
    s.element("Component", background="#85bbf0", color="#000000")
    s.element("Failover", opacity=25)


workspace = build()
