workspace "Tea Shop" "Sells tea online." {

    properties {
        "archkit.json.groups" "[{\"description\": \"Staff and their tools.\", \"id\": \"back-office\", \"name\": \"Back office\"}, {\"description\": \"The packing team.\", \"group\": \"back-office\", \"id\": \"packing\", \"name\": \"Packing\"}]"
        "archkit.json.ids" "{\"live_aws\": \"live.aws\", \"live_aws_eu_west_1\": \"live.aws.eu-west-1\", \"live_aws_eu_west_1_api_pods\": \"live.aws.eu-west-1.api-pods\", \"live_aws_eu_west_1_api_pods_api\": \"live.aws.eu-west-1.api-pods.api\", \"live_aws_eu_west_1_load_balancer\": \"live.aws.eu-west-1.load-balancer\", \"live_aws_eu_west_1_rds\": \"live.aws.eu-west-1.rds\", \"live_aws_eu_west_1_rds_database\": \"live.aws.eu-west-1.rds.database\", \"live_payments_dc\": \"live.payments-dc\", \"live_payments_dc_payments\": \"live.payments-dc.payments\", \"tea_shop\": \"tea-shop\", \"tea_shop_api\": \"tea-shop.api\", \"tea_shop_api_orders\": \"tea-shop.api.orders\", \"tea_shop_api_stock\": \"tea-shop.api.stock\", \"tea_shop_database\": \"tea-shop.database\", \"tea_shop_events\": \"tea-shop.events\", \"tea_shop_web\": \"tea-shop.web\"}"
    }
    model {
        properties {
            "structurizr.groupSeparator" "/"
        }
        buyer = person "Buyer" "Buys tea." "External"
        group "Back office" {
            group "Packing" {
                staff = person "Staff" "Packs orders." ""
            }
        }
        tea_shop = softwareSystem "Tea Shop" "Sells tea." "" {
            tea_shop_web = container "Web" "Shop front." "TypeScript, React" "Web"
            tea_shop_api = container "API" "Takes orders." "Python, FastAPI" "" {
                tea_shop_api_orders = component "Orders" """
Says "hi" <b>$x</b> %date() {{ 7*7 }} // ** \ back
Second line.
""" "Python" ""
                tea_shop_api_stock = component "Stock" "Keeps stock." "Python" ""
            }
            tea_shop_database = container "Database" "Orders and stock." "PostgreSQL" "Database"
            tea_shop_events = container "Events" "Order events." "Apache Kafka" "Queue"
        }
        group "Back office" {
            payments = softwareSystem "Payments" "Card payments." "External"
        }

        buyer -> tea_shop_web "Browses and orders" "HTTPS" ""
        tea_shop_web -> tea_shop_api_orders "Places orders" "JSON/HTTPS" ""
        tea_shop_api_orders -> tea_shop_api_stock "Reserves stock" "Python call" ""
        tea_shop_api_stock -> tea_shop_database "Reads and writes" "SQL" ""
        tea_shop_api_orders -> tea_shop_events "Publishes OrderPlaced" "Kafka" "Asynchronous"
        tea_shop_api_orders -> payments "Says \"hi\" <b>$x</b> %date() {{ 7*7 }} // ** \\ back" "HTTPS" ""
        staff -> tea_shop "Packs orders with" "" ""

        deploymentEnvironment "Live" {
            dg_Live_eu = deploymentGroup "eu"
            live_aws = deploymentNode "AWS" "Cloud." "Amazon Web Services" "" "1" {
                live_aws_eu_west_1 = deploymentNode "eu-west-1" "Region." "AWS region" "" "1" {
                    deploymentGroup dg_Live_eu
                    live_aws_eu_west_1_api_pods = deploymentNode "API pods" "Kubernetes pods." "EKS" "" "3" {
                        live_aws_eu_west_1_api_pods_api = containerInstance tea_shop_api
                    }
                    live_aws_eu_west_1_rds = deploymentNode "RDS" "Managed database." "PostgreSQL 16" "" "1" {
                        live_aws_eu_west_1_rds_database = containerInstance tea_shop_database
                    }
                    live_aws_eu_west_1_load_balancer = infrastructureNode "Load Balancer" "Spreads load." "ALB" ""
                }
            }
            live_payments_dc = deploymentNode "Payments DC" "Provider data centre." "" "" "1" {
                deploymentGroup dg_Live_eu
                live_payments_dc_payments = softwareSystemInstance payments
            }
        }
    }

    views {
        systemLandscape "system-landscape" {
            title "Landscape"
            include *
            autoLayout tb 300 300
        }
        systemContext tea_shop "system-context-tea-shop" {
            title "Tea Shop — context"
            include *
            autoLayout tb 300 300
        }
        container tea_shop "container-tea-shop" {
            title "Tea Shop — containers"
            include *
            properties {
                "archkit.json.layout_hints" "[{\"elements\": [\"tea-shop.database\", \"tea-shop.api\"], \"kind\": \"right_of\"}, {\"elements\": [\"tea-shop.events\", \"tea-shop.database\"], \"kind\": \"below\"}, {\"elements\": [\"tea-shop.web\", \"tea-shop.api\"], \"kind\": \"above\"}]"
            }
            autoLayout lr 200 300
        }
        component tea_shop_api "component-tea-shop-api" {
            title "API — components"
            include *
            properties {
                "archkit.json.layout_hints" "[{\"elements\": [\"tea-shop.api.stock\", \"tea-shop.api.orders\"], \"kind\": \"same_rank\", \"ordered\": true}]"
            }
            autoLayout tb 300 300
        }
        dynamic tea_shop_api "place-order" {
            title "Place an order"
            tea_shop_web -> tea_shop_api_orders "Submits the order" "JSON/HTTPS"
            tea_shop_api_orders -> tea_shop_api_stock "Reserves" ""
            {
                {
                    tea_shop_api_stock -> tea_shop_database "Updates stock" ""
                }
                {
                    tea_shop_api_orders -> tea_shop_events "Publishes the event" ""
                }
            }
            autoLayout tb 300 300
        }
        dynamic tea_shop_api "told" "Says \"hi\" <b>$x</b> %date() {{ 7*7 }} // ** \\ back" {
            title "Told: Says \"hi\" <b>$x</b> %date() {{ 7*7 }} // ** \\ back"
            tea_shop_web -> tea_shop_api_orders "Says \"hi\" <b>$x</b> %date() {{ 7*7 }} // ** \\ back" "JSON/HTTPS"
            tea_shop_api_orders -> tea_shop_api_stock "Reserves" ""
            {
                {
                    tea_shop_api_stock -> tea_shop_database "Updates stock" ""
                }
                {
                    tea_shop_api_orders -> tea_shop_events "Publishes the event" ""
                }
            }
            tea_shop_api_orders -> tea_shop_web "201 Says \"hi\" <b>$x</b> %date() {{ 7*7 }} // ** \\ back" "JSON/HTTPS"
            properties {
                "archkit.json.steps" "[{\"description\": \"Says \\\"hi\\\" <b>$x</b> %date() {{ 7*7 }} // ** \\\\ back\", \"destination\": \"tea-shop.api.orders\", \"response\": false, \"source\": \"tea-shop.web\", \"technology\": \"JSON/HTTPS\"}, {\"description\": \"Reserves\", \"destination\": \"tea-shop.api.stock\", \"response\": false, \"source\": \"tea-shop.api.orders\", \"technology\": \"\"}, {\"parallel\": [[{\"description\": \"Updates stock\", \"destination\": \"tea-shop.database\", \"response\": false, \"source\": \"tea-shop.api.stock\", \"technology\": \"\"}], [{\"description\": \"Publishes the event\", \"destination\": \"tea-shop.events\", \"response\": false, \"source\": \"tea-shop.api.orders\", \"technology\": \"\"}]]}, {\"description\": \"201 Says \\\"hi\\\" <b>$x</b> %date() {{ 7*7 }} // ** \\\\ back\", \"destination\": \"tea-shop.web\", \"response\": true, \"source\": \"tea-shop.api.orders\", \"technology\": \"JSON/HTTPS\"}]"
                "plantuml.sequenceDiagram" "true"
            }
            autoLayout tb 300 300
        }
        deployment tea_shop "Live" "deployment-live-tea-shop" {
            title "Live"
            include *
            autoLayout tb 300 300
        }
        filtered "container-tea-shop" exclude "Database" "no-db" {
            title "Without the database"
        }
        styles {
            element "Database" {
                shape Cylinder
                background #2e7d32
                color #ffffff
            }
            element "Web" {
                shape WebBrowser
                border Dashed
            }
            relationship "Asynchronous" {
                color #c62828
                thickness 2
                style Dotted
            }
        }
    }
}
